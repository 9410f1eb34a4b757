package io.segexport.server.profiles;

import io.segexport.server.profiles.stored.StoredEvent;

/** A checked ExperienceEvent: its identities and the event to store (ingest time not set yet). */
record EventRecord(RecordIdentities identities, StoredEvent event) {}
