package io.stratus.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.StratusException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  @Test
  void defaultsFollowThePlan() {
    AgentConfig c = AgentConfig.of(Map.of());
    assertFalse(c.hostName().isBlank(), "the machine's hostname");
    assertEquals("nova", c.zone());
    assertEquals("test:///default", c.libvirtUri());
    assertEquals("test", c.domainType(), "auto: test for a test: URI");
    assertEquals("stratus.compute.commands.h1", c.topics().commands("h1"));
    assertEquals("nova", c.serviceUser());
    assertEquals(Duration.ofSeconds(10), c.heartbeat());
    assertEquals(Path.of("/usr/bin/qemu-img"), c.qemuImg());
  }

  @Test
  void environmentAndFlagsOverrideAndUnknownKeysFail() {
    AgentConfig c = AgentConfig.load(Map.of("STRATUS_AGENT_LIBVIRT_URI", "qemu:///system", "STRATUS_AGENT_HOST_NAME", "h9"),
        List.of("--image-url=http://gw:8080/image/", "--vcpus=8"));
    assertEquals("qemu", c.domainType(), "auto: TCG for a real hypervisor");
    assertEquals("h9", c.hostName());
    assertEquals("http://gw:8080/image", c.imageUrl());
    assertEquals(8, c.vcpus());
    assertEquals("kvm", AgentConfig.of(Map.of("libvirt-uri", "qemu:///system", "domain-type", "kvm")).domainType());
    assertThrows(StratusException.class, () -> AgentConfig.of(Map.of("no-such-key", "1")));
    assertThrows(StratusException.class, () -> AgentConfig.of(Map.of("domain-type", "xen")));
    assertThrows(StratusException.class, () -> AgentConfig.of(Map.of("heartbeat-seconds", "0")));
  }
}
