package io.segexport.server.profiles.memberships;

import io.segexport.server.profiles.stored.IdentityKey;

/** Whether the profile keyed by {@code profile} qualified for a segment when it was evaluated. */
public record SegmentOutcome(IdentityKey profile, String namespace, String segmentId, boolean qualifies) {}
