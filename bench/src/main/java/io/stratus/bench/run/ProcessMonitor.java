package io.stratus.bench.run;

import io.stratus.bench.report.RunResult.ProcessSample;
import io.stratus.bench.report.RunResult.ProcessSummary;
import io.stratus.bench.report.RunResult.TimelinePoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU% and RSS of named groups of local server processes, read from /proc/PID/stat (utime+stime)
 * and /proc/PID/status (VmRSS). A group is a list of PIDs ({@code proxy=pid:12,13}) or a regular
 * expression matched against command lines like {@code pgrep -f} ({@code proxy=swift-proxy}),
 * re-resolved at every sample so restarted workers are followed. CPU% is of one core.
 */
public final class ProcessMonitor {

  /** One named group. */
  record Group(String name, String spec, List<Long> pids, Pattern pattern) {}

  private final Path proc;
  private final long ticksPerSecond;
  private final long selfPid;
  private final List<Group> groups = new ArrayList<>();
  private final Map<String, Map<Long, Long>> lastTicks = new HashMap<>();
  private long lastNanos = -1;

  /** A monitor of {@code specs} (NAME=pid:1,2 or NAME=REGEX) reading {@code proc} (normally /proc). */
  public ProcessMonitor(List<String> specs, Path proc, long ticksPerSecond) {
    this.proc = proc;
    this.ticksPerSecond = ticksPerSecond;
    this.selfPid = ProcessHandle.current().pid();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      String name = eq > 0 ? spec.substring(0, eq) : spec;
      String what = eq > 0 ? spec.substring(eq + 1) : spec;
      if (what.startsWith("pid:")) {
        List<Long> pids = new ArrayList<>();
        for (String p : what.substring(4).split(",")) {
          pids.add(Long.parseLong(p.trim()));
        }
        groups.add(new Group(name, what, pids, null));
      } else {
        groups.add(new Group(name, what, List.of(), Pattern.compile(what)));
      }
    }
  }

  /** Whether any group is monitored. */
  public boolean active() {
    return !groups.isEmpty();
  }

  /** The kernel's clock ticks per second (getconf CLK_TCK), 100 if it cannot be asked. */
  public static long systemTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return p.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** Samples every group; CPU% covers the time since the previous sample (0 for the first). */
  public synchronized Map<String, ProcessSample> sample(long nowNanos) {
    Map<String, ProcessSample> out = new LinkedHashMap<>();
    double seconds = lastNanos < 0 ? 0 : (nowNanos - lastNanos) / 1e9;
    for (Group g : groups) {
      Map<Long, Long> previous = lastTicks.getOrDefault(g.name(), Map.of());
      Map<Long, Long> current = new HashMap<>();
      long deltaTicks = 0;
      long rssKib = 0;
      for (long pid : pids(g)) {
        long ticks = ticks(pid);
        if (ticks < 0) {
          continue;
        }
        current.put(pid, ticks);
        Long before = previous.get(pid);
        deltaTicks += before == null ? 0 : Math.max(0, ticks - before);
        rssKib += rssKib(pid);
      }
      lastTicks.put(g.name(), current);
      double cpu = seconds > 0 ? 100.0 * deltaTicks / ticksPerSecond / seconds : 0;
      out.put(g.name(), new ProcessSample(MetricsRecorder.round(cpu, 1),
          MetricsRecorder.round(rssKib / 1024.0, 1), current.size()));
    }
    lastNanos = nowNanos;
    return out;
  }

  private List<Long> pids(Group g) {
    if (g.pattern() == null) {
      return g.pids();
    }
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path dir : dirs) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (pid == selfPid) {
          continue;
        }
        String cmdline = read(dir.resolve("cmdline")).replace('\0', ' ').trim();
        if (!cmdline.isEmpty() && g.pattern().matcher(cmdline).find()) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      return found;
    }
    return found;
  }

  /** utime + stime of a process in clock ticks, or -1 if it is gone. */
  long ticks(long pid) {
    String stat = read(proc.resolve(pid + "/stat"));
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = stat.substring(close + 2).split(" ");
    // after "pid (comm) ": state=f[0] ... utime is field 14 of stat, i.e. f[11]; stime f[12]
    return f.length > 12 ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : -1;
  }

  private long rssKib(long pid) {
    for (String line : read(proc.resolve(pid + "/status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** Per-group summaries over a timeline whose points carry process samples. */
  public Map<String, ProcessSummary> summarize(List<TimelinePoint> timeline) {
    Map<String, ProcessSummary> out = new LinkedHashMap<>();
    for (Group g : groups) {
      double sum = 0;
      double max = 0;
      double rssMax = 0;
      double rssLast = 0;
      int n = 0;
      for (TimelinePoint p : timeline) {
        ProcessSample s = p.processes().get(g.name());
        if (s == null) {
          continue;
        }
        sum += s.cpuPct();
        max = Math.max(max, s.cpuPct());
        rssMax = Math.max(rssMax, s.rssMib());
        rssLast = s.rssMib();
        n++;
      }
      out.put(g.name(), new ProcessSummary(g.spec(), MetricsRecorder.round(n == 0 ? 0 : sum / n, 1),
          max, rssMax, rssLast));
    }
    return out;
  }
}
