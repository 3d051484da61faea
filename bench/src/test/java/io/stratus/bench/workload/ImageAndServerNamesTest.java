package io.stratus.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.bench.http.Endpoint;
import io.stratus.bench.workload.ServerPoller.Poll;
import org.junit.jupiter.api.Test;

/** Image endpoints with or without /v2, image ids versus names, and the error kinds of failed launches. */
class ImageAndServerNamesTest {

  @Test
  void imageEndpointWithOrWithoutVersion() {
    assertEquals("http://h:8080/image/v2/images", new ImageApi(Endpoint.parse("http://h:8080/image"), "t").target());
    assertEquals("http://h:8080/image/v2/images", new ImageApi(Endpoint.parse("http://h:8080/image/v2/"), "t").target());
    assertEquals("http://h:9292/v2/images", new ImageApi(Endpoint.parse("http://h:9292"), "t").target());
  }

  @Test
  void imageIdsAreUuids() {
    assertTrue(ImageApi.looksLikeId("8d9a2c7e-1b3f-4e5a-9c0d-2f1e3a4b5c6d"));
    assertTrue(ImageApi.looksLikeId("8d9a2c7e1b3f4e5a9c0d2f1e3a4b5c6d"));
    assertFalse(ImageApi.looksLikeId("cirros-0.6.2-x86_64-disk"));
  }

  @Test
  void launchFailuresByKind() {
    assertEquals("ERROR: No valid host was found. There are not enough hosts available.",
        NovaWorkload.launchFailure(new Poll(200, "ERROR",
            "No valid host was found.\n There are not enough hosts available.", false)));
    assertEquals("ERROR: no fault message", NovaWorkload.launchFailure(new Poll(200, "ERROR", null, false)));
    assertEquals("timeout waiting for ACTIVE (status BUILD)",
        NovaWorkload.launchFailure(new Poll(200, "BUILD", null, true)));
    assertEquals("timeout waiting for ACTIVE (status HTTP 503)",
        NovaWorkload.launchFailure(new Poll(503, null, null, true)));
    assertEquals("HTTP 404 while waiting for ACTIVE", NovaWorkload.launchFailure(new Poll(404, null, null, false)));
    assertEquals(120, NovaWorkload.kind("x".repeat(500)).length());
  }
}
