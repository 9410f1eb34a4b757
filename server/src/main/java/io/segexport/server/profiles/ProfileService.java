package io.segexport.server.profiles;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.metrics.IngestMeter;
import io.segexport.server.profiles.ingest.EncodedStreams;
import io.segexport.server.profiles.ingest.Ingestion;
import io.segexport.server.profiles.store.ProfileLookup;
import io.segexport.server.profiles.store.ProfileWrites;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.v1.DataSet;
import io.segexport.v1.GetEntitiesRequest;
import io.segexport.v1.GetEntitiesResponse;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ProfileServiceGrpc;
import java.time.Clock;

/** Ingesting profiles and ExperienceEvents (unary and streaming), and looking up one merged profile. */
public final class ProfileService implements ProfileServiceGrpc.AsyncService, BindableService {
    private final Ingestion ingestion;
    private final EntityLookup lookup;

    /** Ingested records go to {@code writes}; profiles are looked up in {@code lookup}. */
    public ProfileService(
            ProfileWrites writes,
            ProfileLookup lookup,
            Records<DataSet> dataSets,
            MergePolicyStore mergePolicies,
            Clock clock,
            IngestMeter meter) {
        this.ingestion = new Ingestion(writes, dataSets, clock, meter);
        this.lookup = new EntityLookup(lookup, mergePolicies);
    }

    @Override
    public void ingestProfiles(IngestRequest request, StreamObserver<IngestResponse> response) {
        Unary.respond(response, () -> ingestion.profiles(tenant(), request));
    }

    @Override
    public void ingestEvents(IngestRequest request, StreamObserver<IngestResponse> response) {
        Unary.respond(response, () -> ingestion.events(tenant(), request));
    }

    /** The generated binding, but StreamProfiles and StreamEvents take their records encoded ({@link EncodedStreams}). */
    @Override
    public ServerServiceDefinition bindService() {
        return EncodedStreams.bind(ProfileServiceGrpc.bindService(this), ingestion);
    }

    @Override
    public void getEntities(GetEntitiesRequest request, StreamObserver<GetEntitiesResponse> response) {
        Unary.respond(response, () -> lookup.lookUp(tenant(), request));
    }

    private static Tenant tenant() {
        return CallContext.caller().tenant();
    }
}
