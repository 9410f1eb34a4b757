package io.segexport.server.segments;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.PageSize;
import io.segexport.server.validation.ResourceIds;
import io.segexport.server.validation.Texts;
import io.segexport.v1.CreateSegmentDefinitionRequest;
import io.segexport.v1.DeleteSegmentDefinitionRequest;
import io.segexport.v1.DeleteSegmentDefinitionResponse;
import io.segexport.v1.GetSegmentDefinitionRequest;
import io.segexport.v1.ListSegmentDefinitionsRequest;
import io.segexport.v1.ListSegmentDefinitionsResponse;
import io.segexport.v1.SegmentDefinition;
import io.segexport.v1.SegmentDefinitionPage;
import io.segexport.v1.SegmentDefinitionServiceGrpc;
import io.segexport.v1.SegmentSandbox;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Creating, reading, listing and deleting the caller's segment definitions. */
public final class SegmentDefinitionService extends SegmentDefinitionServiceGrpc.SegmentDefinitionServiceImplBase {
    /** The namespace of every definition's id as a segment id. */
    public static final String PROFILE_INSTANCE = "ups";

    private final SegmentDefinitionStore store;
    private final MergePolicyStore mergePolicies;
    private final Clock clock;

    public SegmentDefinitionService(SegmentDefinitionStore store, MergePolicyStore mergePolicies, Clock clock) {
        this.store = store;
        this.mergePolicies = mergePolicies;
        this.clock = clock;
    }

    @Override
    public void createSegmentDefinition(
            CreateSegmentDefinitionRequest request, StreamObserver<SegmentDefinition> response) {
        Unary.respond(response, () -> {
            SegmentDefinition input = SegmentDefinitionValidator.validate(request.getSegmentDefinition());
            if (mergePolicies.find(tenant(), input.getMergePolicyId()).isEmpty()) {
                throw ServiceErrors.invalidArgument(
                        "mergePolicyId",
                        "is not a merge policy of this org and sandbox: \"" + Texts.shorten(input.getMergePolicyId())
                                + "\"");
            }
            long now = clock.millis();
            SegmentDefinition definition = input.toBuilder()
                    .setId(UUID.randomUUID().toString())
                    .setProfileInstanceId(PROFILE_INSTANCE)
                    .setImsOrgId(tenant().orgId())
                    .setSandbox(SegmentSandbox.newBuilder().setSandboxName(tenant().sandboxName()))
                    .setCreationTime(now)
                    .setUpdateTime(now)
                    .build();
            store.create(tenant(), definition);
            return definition;
        });
    }

    @Override
    public void getSegmentDefinition(GetSegmentDefinitionRequest request, StreamObserver<SegmentDefinition> response) {
        Unary.respond(
                response, () -> store.find(tenant(), id(request.getId())).orElseThrow(() -> notFound(request.getId())));
    }

    /** Definitions in id order; the cursor is the id of the page's last one, so a page is one keyset read. */
    @Override
    public void listSegmentDefinitions(
            ListSegmentDefinitionsRequest request, StreamObserver<ListSegmentDefinitionsResponse> response) {
        Unary.respond(response, () -> {
            int limit = PageSize.of(request.hasLimit(), request.getLimit());
            String start = request.getStart().isEmpty() ? "" : ResourceIds.check("start", request.getStart());
            KeysetPage<SegmentDefinition> read = store.list(tenant(), start, limit);
            List<SegmentDefinition> page = read.items();
            return ListSegmentDefinitionsResponse.newBuilder()
                    .setPage(SegmentDefinitionPage.newBuilder()
                            .setPageSize(page.size())
                            .setNext(read.hasMore() ? page.get(page.size() - 1).getId() : ""))
                    .addAllSegments(page)
                    .build();
        });
    }

    @Override
    public void deleteSegmentDefinition(
            DeleteSegmentDefinitionRequest request, StreamObserver<DeleteSegmentDefinitionResponse> response) {
        Unary.respond(response, () -> {
            if (!store.delete(tenant(), id(request.getId()))) {
                throw notFound(request.getId());
            }
            return DeleteSegmentDefinitionResponse.getDefaultInstance();
        });
    }

    private static String id(String id) {
        if (id.isEmpty()) {
            throw ServiceErrors.invalidArgument("id", "is required");
        }
        return Ids.check("id", id);
    }

    private static StatusRuntimeException notFound(String id) {
        return ServiceErrors.notFound("segment definition \"" + Texts.shorten(id) + "\" does not exist");
    }

    private static Tenant tenant() {
        return CallContext.caller().tenant();
    }
}
