package io.stratus.compute.agent;

import io.stratus.compute.agent.ImageCache.CachedImage;
import io.stratus.compute.agent.InstanceDisks.Disk;
import io.stratus.compute.message.InstanceSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Builds an instance: its images into the cache (the image, and for an AMI the kernel and ramdisk it names),
 * its disk, its domain (any older domain with its uuid goes first, so a build done again starts clean),
 * then boots it. Answers the domain it defined; a failure is an {@link InstanceFault} when it is the
 * instance's fault (bad image, checksum), any other exception when it may be the host's.
 */
final class InstanceBuilder {
  static final String DEFAULT_CMDLINE = "console=ttyS0";

  private final ImageCache images;
  private final InstanceDisks disks;
  private final Hypervisor hypervisor;
  private final String domainType;

  InstanceBuilder(ImageCache images, InstanceDisks disks, Hypervisor hypervisor, String domainType) {
    this.images = images;
    this.disks = disks;
    this.hypervisor = hypervisor;
    this.domainType = domainType;
  }

  /** Builds and boots instance {@code id} in {@code dir}. */
  Future<DomainSpec> build(String id, InstanceSpec spec, Path dir) {
    JsonObject image = spec.image();
    String kernelId = image.getString("kernel_id");
    String ramdiskId = image.getString("ramdisk_id");
    Future<CachedImage> kernel = kernelId == null ? Future.succeededFuture() : images.describe(kernelId).compose(images::get);
    Future<CachedImage> ramdisk = ramdiskId == null ? Future.succeededFuture() : images.describe(ramdiskId).compose(images::get);
    boolean noDisk = kernelId != null && number(image, "size") == 0;
    Future<Disk> disk = noDisk ? Future.succeededFuture()
        : images.get(image).compose(cached -> disks.create(dir, cached, Math.max(spec.diskGb(), number(image, "min_disk"))));
    return Future.all(kernel, ramdisk, disk)
        .map(all -> domain(id, spec, dir, kernel.result(), ramdisk.result(), disk.result()))
        .compose(domain -> boot(domain).map(domain));
  }

  private DomainSpec domain(String id, InstanceSpec spec, Path dir, CachedImage kernel, CachedImage ramdisk, Disk disk) {
    String cmdline = null;
    if (kernel != null) {
      String fromImage = spec.image().getString("os_command_line");
      cmdline = fromImage == null || fromImage.isBlank() ? DEFAULT_CMDLINE : fromImage;
    }
    return new DomainSpec(id, domainName(id), domainType, Math.max(1, spec.ramMb()), Math.max(1, spec.vcpus()),
        kernel == null ? null : kernel.path().toAbsolutePath(), ramdisk == null ? null : ramdisk.path().toAbsolutePath(), cmdline,
        disk == null ? null : disk.path().toAbsolutePath(), disk == null ? null : disk.format(),
        dir.resolve("console.log").toAbsolutePath());
  }

  /** A number of the image record; 0 when it is absent or null (Glance shows size null before the upload). */
  private static long number(JsonObject image, String key) {
    Object value = image.getValue(key);
    return value instanceof Number n ? n.longValue() : 0;
  }

  static String domainName(String id) {
    return "instance-" + id;
  }

  private Future<Void> boot(DomainSpec domain) {
    return hypervisor.destroy(domain.uuid())
        .compose(v -> hypervisor.undefine(domain.uuid()))
        .compose(v -> hypervisor.define(domain))
        .compose(v -> hypervisor.start(domain.uuid()));
  }

  /** Removes what a failed build left defined; never fails. */
  Future<Void> cleanUp(String id) {
    return hypervisor.destroy(id).compose(v -> hypervisor.undefine(id)).otherwiseEmpty();
  }
}
