package io.segexport.server.profiles.store;

import io.segexport.server.profiles.stored.StoredEvent;

/** A checked ExperienceEvent: its identities and the event to store (ingest time not set yet). */
public record EventRecord(RecordIdentities identities, StoredEvent event) {}
