package io.segexport.server.profiles.memberships;

/** The members of one segment that have one status: one range of the index of memberships. */
public record SegmentStatus(String namespace, String segmentId, String status) {}
