package io.stratus.objectserver.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The listing walk over an in-memory index, with the cases Swift's container broker tests use. */
class ListerTest {
  private static final List<String> NAMES = List.of("0/0000", "0/0001", "0/0002", "1/0000", "1/0001", "2", "2/0000",
      "3/", "3/0000/", "photos/a.jpg", "photos/b/c.jpg", "x\u00e9", "\u4e2d");

  private static List<String> list(ListingQuery q) {
    TreeMap<byte[], String> index = new TreeMap<>(Arrays::compareUnsigned);
    for (String n : NAMES) index.put(n.getBytes(StandardCharsets.UTF_8), n);
    Lister<String> lister = new Lister<>(new Lister.Scanner<>() {
      @Override
      public List<String> scan(byte[] lower, boolean inclusive, byte[] upper, boolean reverse, int limit) {
        NavigableMap<byte[], String> window = index;
        if (lower != null) window = window.tailMap(lower, inclusive);
        if (upper != null) window = window.headMap(upper, false);
        List<String> out = new ArrayList<>(window.values());
        if (reverse) java.util.Collections.reverse(out);
        return out.subList(0, Math.min(limit, out.size()));
      }

      @Override
      public String name(String row) {
        return row;
      }
    });
    List<String> out = new ArrayList<>();
    for (Lister.Entry<String> e : lister.list(q)) out.add(e.row() == null ? e.subdir() + "(dir)" : e.row());
    return out;
  }

  private static ListingQuery q(String prefix, String delimiter, String marker, String end, int limit, boolean reverse) {
    return new ListingQuery(prefix, delimiter, marker, end, null, limit, reverse);
  }

  @Test
  void prefixMarkerAndLimit() {
    assertEquals(List.of("0/0000", "0/0001"), list(q("0/", null, null, null, 2, false)));
    assertEquals(List.of("0/0002", "1/0000"), list(q(null, null, "0/0001", null, 2, false)));
    assertEquals(List.of("1/0001", "2"), list(q(null, null, "1/0000", "2/0000", 100, false)));
    assertEquals(List.of("\u4e2d", "x\u00e9"), list(q(null, null, null, null, 2, true)), "reverse in UTF-8 byte order");
  }

  @Test
  void delimiterRollsUpSubdirs() {
    assertEquals(List.of("0/(dir)", "1/(dir)", "2", "2/(dir)", "3/(dir)", "photos/(dir)", "x\u00e9", "\u4e2d"),
        list(q(null, "/", null, null, 100, false)));
    assertEquals(List.of("3/", "3/0000/(dir)"), list(q("3/", "/", null, null, 100, false)));
    assertEquals(List.of("photos/a.jpg", "photos/b/(dir)"), list(q("photos/", "/", null, null, 100, false)));
    assertEquals(List.of("1/(dir)", "2"), list(q(null, "/", "0/", null, 2, false)), "the marker's own subdir is skipped");
    assertEquals(List.of("\u4e2d", "x\u00e9", "photos/(dir)", "3/(dir)"), list(q(null, "/", null, null, 4, true)));
  }

  @Test
  void pathListsOneLevel() {
    assertEquals(List.of("photos/a.jpg"), list(new ListingQuery(null, null, null, null, "photos", 100, false)));
  }

  @Test
  void swiftJsonEscaping() {
    assertEquals("\"a\\\"b\\\\c\\u00e9\\u4e2d\\n\"", ListingFormat.json("a\"b\\c\u00e9\u4e2d\n"));
    assertEquals("a&amp;b&lt;c&gt;", ListingFormat.xmlText("a&b<c>"));
  }
}
