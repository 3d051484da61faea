package io.stratus.compute.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.compute.message.HostReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The filters, the weighers and the claims of the scheduler. */
class SchedulerTest {
  private static final long NOW = 1_000_000;
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
  private final HostRegistry hosts = new HostRegistry(clock, Duration.ofSeconds(60));

  private static HostReport host(String name, String zone, String type, int vcpus, long ramMb, long diskGb, long at) {
    return new HostReport(name, zone, type, "test:///default", vcpus, ramMb, diskGb, 0, at);
  }

  private static Scheduler.Request request(String id, int vcpus, long ram, long disk) {
    return new Scheduler.Request(id, new Resources(vcpus, ram, disk), null, null, null);
  }

  @Test
  void filtersHostsThatAreDownFullOrElsewhere() {
    hosts.update(host("down", "nova", "QEMU", 64, 65536, 1000, NOW - 61_000));
    hosts.update(host("small", "nova", "QEMU", 1, 1024, 1000, NOW));
    hosts.update(host("other-zone", "az2", "QEMU", 64, 65536, 1000, NOW));
    Scheduler s = new Scheduler(hosts, 1.0, 1.0, 1.0, Weigher.SPREAD);
    assertEquals(Optional.empty(), s.schedule(new Scheduler.Request("i1", new Resources(2, 2048, 10), "nova", null, null)));
    assertEquals(Optional.of("other-zone"), s.schedule(request("i2", 2, 2048, 10)));
    assertEquals(Optional.of("small"), s.schedule(new Scheduler.Request("i3", new Resources(1, 512, 1), "nova", null, null)));
  }

  @Test
  void allocationRatiosAndImagePropertiesApply() {
    hosts.update(host("h1", "nova", "QEMU", 2, 1000, 10, NOW));
    Scheduler s = new Scheduler(hosts, 16.0, 1.5, 1.0, Weigher.SPREAD);
    assertTrue(s.schedule(request("big", 32, 1500, 10)).isPresent(), "32 vCPUs fit 2 at 16x, 1500 MiB fit 1000 at 1.5x");
    assertFalse(s.schedule(request("more", 1, 1, 0)).isPresent(), "the host is full now");
    s.release("big");
    assertFalse(s.schedule(new Scheduler.Request("xen", new Resources(1, 1, 1), null, "xen", null)).isPresent());
    assertTrue(s.schedule(new Scheduler.Request("kvm", new Resources(1, 1, 1), null, "kvm", "x86_64")).isPresent());
    assertTrue(s.schedule(new Scheduler.Request("qemu", new Resources(1, 1, 1), null, "QEMU", null)).isPresent());
  }

  @Test
  void spreadPicksMostFreeRamAndPackTheLeast() {
    hosts.update(host("a", "nova", "QEMU", 8, 8192, 100, NOW));
    hosts.update(host("b", "nova", "QEMU", 8, 4096, 100, NOW));
    Scheduler spread = new Scheduler(hosts, 1.0, 1.0, 1.0, Weigher.SPREAD);
    assertEquals("a", spread.schedule(request("1", 1, 3000, 1)).orElseThrow());
    assertEquals("a", spread.schedule(request("2", 1, 1100, 1)).orElseThrow(), "a has 5192 MiB free, b 4096");
    assertEquals("b", spread.schedule(request("3", 1, 1000, 1)).orElseThrow(), "a has 4092 MiB free now");
    Scheduler pack = new Scheduler(hosts, 1.0, 1.0, 1.0, Weigher.PACK);
    assertEquals("b", pack.schedule(request("1", 1, 1000, 1)).orElseThrow());
    assertEquals("b", pack.schedule(request("2", 1, 1000, 1)).orElseThrow());
    assertEquals(new Resources(2, 2000, 2), pack.used("b"));
    assertEquals(2, pack.instancesOn("b"));
  }

  @Test
  void concurrentClaimsNeverOverCommitAHost() throws Exception {
    hosts.update(host("h1", "nova", "QEMU", 64, 10 * 1024, 1000, NOW));
    hosts.update(host("h2", "nova", "QEMU", 64, 6 * 1024, 1000, NOW));
    Scheduler s = new Scheduler(hosts, 1.0, 1.0, 1.0, Weigher.SPREAD);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Optional<String>>> launches = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "i" + i;
        launches.add(() -> s.schedule(request(id, 1, 1024, 1)));
      }
      int placed = 0;
      for (Future<Optional<String>> f : pool.invokeAll(launches)) {
        if (f.get().isPresent()) placed++;
      }
      assertEquals(16, placed, "10 + 6 instances of 1 GiB fit; the rest are NoValidHost");
      assertEquals(10 * 1024, s.used("h1").ramMb());
      assertEquals(6 * 1024, s.used("h2").ramMb());
    } finally {
      pool.shutdownNow();
    }
  }
}
