package io.stratus.objectserver.swift;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.ObjectVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The replication wire between storage nodes. {@code REPLICATE /device/partition[/suf-suf...]}
 * answers the partition's suffix hashes as a JSON object (Swift's object server answers them
 * pickled), recalculating the listed suffixes first; with {@link #LIST_HEADER} it answers the
 * objects of the listed suffixes instead (Swift's ssync missing check). Object PUT, POST and DELETE
 * marked with {@link #REPLICATION_HEADER} keep the sender's timestamps and metadata.
 */
public final class ReplicationProtocol {
  /** The verb of suffix-hash requests. */
  public static final String VERB = "REPLICATE";
  /** Marks a replicated object write. */
  public static final String REPLICATION_HEADER = "X-Backend-Replication";
  /** A replicated write's metadata timestamp, when a POST made it newer than the data. */
  public static final String META_TIMESTAMP_HEADER = "X-Backend-Meta-Timestamp";
  /** Asks REPLICATE for the objects of the listed suffixes. */
  public static final String LIST_HEADER = "X-Backend-Replication-List";
  private static final Pattern SUFFIX = Pattern.compile("[0-9a-f]{3}");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReplicationProtocol() {
  }

  /** The path segment naming suffixes: {@code abc-0f1}. */
  public static String suffixSegment(Collection<String> suffixes) {
    return String.join("-", suffixes);
  }

  /** Parses a suffix segment; 400 for anything but 3 lower-case hex digits per suffix. */
  public static List<String> parseSuffixes(String segment) {
    if (segment == null || segment.isEmpty()) return List.of();
    List<String> out = new ArrayList<>(Arrays.asList(segment.split("-")));
    for (String s : out) {
      if (!SUFFIX.matcher(s).matches()) throw StratusException.badRequest("Invalid suffix: " + s);
    }
    return out;
  }

  public static String encode(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw StratusException.from(e);
    }
  }

  public static Map<String, String> decodeHashes(String json) {
    try {
      return MAPPER.readValue(json, new TypeReference<Map<String, String>>() { });
    } catch (IOException e) {
      throw StratusException.from(e);
    }
  }

  public static List<ObjectVersion> decodeVersions(String json) {
    try {
      return MAPPER.readValue(json, new TypeReference<List<ObjectVersion>>() { });
    } catch (IOException e) {
      throw StratusException.from(e);
    }
  }
}
