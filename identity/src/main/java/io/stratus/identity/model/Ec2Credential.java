package io.stratus.identity.model;

/** An EC2/S3 credential: an access key and its secret, bound to a user and a project. */
public record Ec2Credential(String access, String secret, String userId, String projectId) {
}
