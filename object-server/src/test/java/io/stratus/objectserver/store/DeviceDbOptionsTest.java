package io.stratus.objectserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table options a device's database is opened with, as RocksDB itself records them. */
class DeviceDbOptionsTest {
  @TempDir
  Path dir;

  @Test
  void rowFamiliesHaveBloomFiltersSoLookupsOfNewNamesStayInMemory() throws Exception {
    DeviceDb.open("d1", dir).close();
    Path options = latestOptions();
    Map<String, String> filters = new TreeMap<>();
    String family = null;
    for (String line : Files.readAllLines(options)) {
      if (line.startsWith("[TableOptions/BlockBasedTable ")) family = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
      else if (line.startsWith("[")) family = null;
      else if (family != null && line.trim().startsWith("filter_policy=")) filters.put(family, line.trim().substring(14));
    }
    for (String cf : List.of("objects", "container_rows", "account_rows")) {
      assertEquals("bloomfilter:10:false", filters.get(cf), cf);
    }
    assertEquals("nullptr", filters.get("chunks"), "bodies are read only by keys that exist");
  }

  @Test
  void writeAheadLogFilesAreRecycledSoASyncedAppendNeedsNoInodeWrite() throws Exception {
    DeviceDb.open("d1", dir).close();
    assertEquals(List.of("recycle_log_file_num=4"), option("recycle_log_file_num"));
  }

  @Test
  void theWriteGroupLeaderFillsTheMemtableForEveryWriterOfItsGroup() throws Exception {
    DeviceDb.open("d1", dir).close();
    assertEquals(List.of("allow_concurrent_memtable_write=false"), option("allow_concurrent_memtable_write"));
  }

  /** The values of {@code name} in the newest OPTIONS file, as {@code name=value} lines. */
  private List<String> option(String name) throws java.io.IOException {
    return Files.readAllLines(latestOptions()).stream().map(String::trim).filter(line -> line.startsWith(name + "=")).toList();
  }

  private Path latestOptions() throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-")).sorted().reduce((a, b) -> b).orElseThrow();
    }
  }
}
