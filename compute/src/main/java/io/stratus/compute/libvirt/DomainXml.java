package io.stratus.compute.libvirt;

import io.stratus.compute.agent.DomainSpec;
import java.nio.file.Path;

/**
 * Renders a {@link DomainSpec} as libvirt domain XML: the serial console appends to a file (libvirt keeps it
 * across restarts of the guest), direct kernel boot when the spec names a kernel, else boot from the disk.
 * QEMU domains get ACPI (so a graceful shutdown works) and none of the devices an instance does not need.
 */
final class DomainXml {

  private DomainXml() {
  }

  static String render(DomainSpec d) {
    boolean qemu = !d.type().equals("test");
    StringBuilder xml = new StringBuilder(1024);
    xml.append("<domain type='").append(attr(d.type())).append("'>\n")
        .append("  <name>").append(text(d.name())).append("</name>\n")
        .append("  <uuid>").append(text(d.uuid())).append("</uuid>\n")
        .append("  <memory unit='MiB'>").append(d.memoryMb()).append("</memory>\n")
        .append("  <vcpu>").append(d.vcpus()).append("</vcpu>\n");
    os(xml, d, qemu);
    if (qemu) xml.append("  <features><acpi/></features>\n");
    xml.append("  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>\n");
    xml.append("  <devices>\n");
    if (d.disk() != null) {
      xml.append("    <disk type='file' device='disk'>\n")
          .append("      <driver name='qemu' type='").append(attr(d.diskFormat())).append("'/>\n")
          .append("      <source file='").append(attr(d.disk())).append("'/>\n")
          .append("      <target dev='vda' bus='virtio'/>\n")
          .append("    </disk>\n");
    }
    xml.append("    <serial type='file'>\n")
        .append("      <source path='").append(attr(d.consoleLog())).append("' append='on'/>\n")
        .append("      <target port='0'/>\n")
        .append("    </serial>\n")
        .append("    <console type='file'>\n")
        .append("      <source path='").append(attr(d.consoleLog())).append("' append='on'/>\n")
        .append("      <target type='serial' port='0'/>\n")
        .append("    </console>\n");
    if (qemu) xml.append("    <controller type='usb' model='none'/>\n    <memballoon model='none'/>\n");
    return xml.append("  </devices>\n</domain>\n").toString();
  }

  private static void os(StringBuilder xml, DomainSpec d, boolean qemu) {
    xml.append("  <os>\n    <type arch='x86_64'").append(qemu ? " machine='pc'" : "").append(">hvm</type>\n");
    if (d.kernel() != null) {
      xml.append("    <kernel>").append(text(d.kernel())).append("</kernel>\n");
      if (d.ramdisk() != null) xml.append("    <initrd>").append(text(d.ramdisk())).append("</initrd>\n");
      if (d.cmdline() != null) xml.append("    <cmdline>").append(text(d.cmdline())).append("</cmdline>\n");
    } else {
      xml.append("    <boot dev='hd'/>\n");
    }
    xml.append("  </os>\n");
  }

  private static String attr(Object value) {
    return text(value).replace("'", "&apos;").replace("\"", "&quot;");
  }

  /** Escapes what XML reserves; drops control characters XML 1.0 cannot carry at all. */
  private static String text(Object value) {
    String s = value instanceof Path p ? p.toString() : String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.append(c);
        }
      }
    }
    return out.toString();
  }
}
