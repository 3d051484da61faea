package io.stratus.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratus.bench.report.RunResult.ProcessSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU% and RSS from a fake /proc tree: by PID list and by command-line pattern. */
class ProcessMonitorTest {

  @TempDir
  Path proc;

  private void process(long pid, String cmdline, long utime, long stime, long rssKib) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(dir.resolve("cmdline"), cmdline.replace(' ', '\0'));
    // comm with a space and a parenthesis, as real names can have
    Files.writeString(dir.resolve("stat"), pid + " (swift) x) S 1 1 1 0 -1 4194560 100 0 0 0 "
        + utime + " " + stime + " 0 0 20 0 1 0 100 1000 200\n");
    Files.writeString(dir.resolve("status"), "Name:\tswift\nVmPeak:\t 9999 kB\nVmRSS:\t " + rssKib
        + " kB\nThreads:\t1\n");
  }

  @Test
  void cpuPercentIsTheTickDeltaOverElapsedTimeSummedOverTheGroup() throws IOException {
    process(100, "/usr/bin/python3 /usr/bin/swift-proxy-server /etc/proxy.conf", 10, 5, 2048);
    process(101, "/usr/bin/python3 /usr/bin/swift-proxy-server /etc/proxy.conf", 20, 0, 1024);
    process(200, "/usr/bin/memcached -p 11211", 0, 0, 512);
    ProcessMonitor m = new ProcessMonitor(List.of("proxy=swift-proxy", "mc=pid:200"), proc, 100);

    Map<String, ProcessSample> first = m.sample(0);
    assertEquals(new ProcessSample(0, 3.0, 2), first.get("proxy"));
    process(100, "/usr/bin/python3 /usr/bin/swift-proxy-server /etc/proxy.conf", 60, 15, 4096);
    process(101, "/usr/bin/python3 /usr/bin/swift-proxy-server /etc/proxy.conf", 70, 0, 1024);
    process(200, "/usr/bin/memcached -p 11211", 25, 25, 512);
    Map<String, ProcessSample> second = m.sample(2_000_000_000L);

    // proxy: (60+15-15) + (70-20) = 110 ticks in 2 s at 100 ticks/s = 55 % of a core
    assertEquals(new ProcessSample(55.0, 5.0, 2), second.get("proxy"));
    assertEquals(new ProcessSample(25.0, 0.5, 1), second.get("mc"));
  }

  @Test
  void vanishedProcessesAreSkipped() throws IOException {
    ProcessMonitor m = new ProcessMonitor(List.of("gone=pid:999"), proc, 100);
    assertEquals(new ProcessSample(0, 0, 0), m.sample(0).get("gone"));
  }
}
