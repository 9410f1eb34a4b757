package io.segexport.server.profiles.store;

import io.segexport.server.profiles.stored.FragmentView;
import io.segexport.server.profiles.stored.SegmentMemberships;
import java.util.Map;

/** A checked profile record: its identities, its fragment (ingest time not set yet), its memberships. */
public record ProfileRecord(
        RecordIdentities identities, FragmentView fragment, Map<String, SegmentMemberships> memberships) {}
