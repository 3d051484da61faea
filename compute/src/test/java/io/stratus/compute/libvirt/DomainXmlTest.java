package io.stratus.compute.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.compute.agent.DomainSpec;
import io.stratus.compute.message.InstanceEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.libvirt.DomainInfo.DomainState;
import org.w3c.dom.Document;

class DomainXmlTest {
  private static final String UUID = "6f5b2d2e-1c1b-4a52-9a55-0a1b2c3d4e5f";

  @Test
  void aKernelBootDomainCarriesItsCommandLineEscaped() throws Exception {
    DomainSpec spec = new DomainSpec(UUID, "instance-" + UUID, "qemu", 256, 2, Path.of("/cache/k"), Path.of("/cache/r"),
        "console=ttyS0 x='<&>\"'\u0001", null, null, Path.of("/data/i/console.log"));
    Document xml = parse(DomainXml.render(spec));
    assertEquals("qemu", xpath(xml, "/domain/@type"));
    assertEquals(UUID, xpath(xml, "/domain/uuid"));
    assertEquals("256", xpath(xml, "/domain/memory"));
    assertEquals("2", xpath(xml, "/domain/vcpu"));
    assertEquals("/cache/k", xpath(xml, "/domain/os/kernel"));
    assertEquals("/cache/r", xpath(xml, "/domain/os/initrd"));
    assertEquals("console=ttyS0 x='<&>\"'", xpath(xml, "/domain/os/cmdline"), "escaped, control characters dropped");
    assertEquals("/data/i/console.log", xpath(xml, "/domain/devices/serial/source/@path"));
    assertEquals("on", xpath(xml, "/domain/devices/serial/source/@append"));
    assertEquals("1", xpath(xml, "count(/domain/features/acpi)"));
    assertEquals("0", xpath(xml, "count(/domain/devices/disk)"));
  }

  @Test
  void aDiskDomainBootsFromItsDisk() throws Exception {
    DomainSpec spec = new DomainSpec(UUID, "n", "test", 128, 1, null, null, null, Path.of("/d/it's disk"), "qcow2",
        Path.of("/d/console.log"));
    Document xml = parse(DomainXml.render(spec));
    assertEquals("hd", xpath(xml, "/domain/os/boot/@dev"));
    assertEquals("/d/it's disk", xpath(xml, "/domain/devices/disk/source/@file"));
    assertEquals("qcow2", xpath(xml, "/domain/devices/disk/driver/@type"));
    assertEquals("0", xpath(xml, "count(/domain/features/acpi)"), "the test driver gets no QEMU devices");
  }

  @Test
  void libvirtStatesMapToNovaPowerStates() {
    assertEquals(InstanceEvent.RUNNING, LibvirtHypervisor.power(DomainState.VIR_DOMAIN_RUNNING));
    assertEquals(InstanceEvent.RUNNING, LibvirtHypervisor.power(DomainState.VIR_DOMAIN_BLOCKED));
    assertEquals(InstanceEvent.PAUSED, LibvirtHypervisor.power(DomainState.VIR_DOMAIN_PAUSED));
    assertEquals(InstanceEvent.SHUTDOWN, LibvirtHypervisor.power(DomainState.VIR_DOMAIN_SHUTOFF));
    assertEquals(InstanceEvent.CRASHED, LibvirtHypervisor.power(DomainState.VIR_DOMAIN_CRASHED));
    assertEquals(InstanceEvent.NOSTATE, LibvirtHypervisor.power(DomainState.VIR_DOMAIN_NOSTATE));
  }

  private static Document parse(String xml) throws Exception {
    assertTrue(xml.startsWith("<domain"), xml);
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String xpath(Document xml, String expression) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(expression, xml);
  }
}
