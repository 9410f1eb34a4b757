package io.segexport.server.mergepolicies;

import io.grpc.stub.StreamObserver;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.PageSize;
import io.segexport.server.validation.ResourceIds;
import io.segexport.server.validation.Texts;
import io.segexport.v1.CreateMergePolicyRequest;
import io.segexport.v1.GetMergePolicyRequest;
import io.segexport.v1.ListMergePoliciesRequest;
import io.segexport.v1.ListMergePoliciesResponse;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.MergePolicyPage;
import io.segexport.v1.MergePolicyServiceGrpc;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Creating, reading and listing the caller's merge policies. */
public final class MergePolicyService extends MergePolicyServiceGrpc.MergePolicyServiceImplBase {
    private final MergePolicyStore store;
    private final Clock clock;

    public MergePolicyService(MergePolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void createMergePolicy(CreateMergePolicyRequest request, StreamObserver<MergePolicy> response) {
        Unary.respond(response, () -> {
            MergePolicy policy = MergePolicyValidator.validate(request.getMergePolicy()).toBuilder()
                    .setId(UUID.randomUUID().toString())
                    .setImsOrgId(tenant().orgId())
                    .setVersion(1)
                    .setIsDefault(false)
                    .setUpdateEpoch(clock.instant().getEpochSecond())
                    .build();
            store.create(tenant(), policy);
            return policy;
        });
    }

    @Override
    public void getMergePolicy(GetMergePolicyRequest request, StreamObserver<MergePolicy> response) {
        Unary.respond(
                response,
                () -> store.find(tenant(), Ids.check("id", request.getId()))
                        .orElseThrow(() -> ServiceErrors.notFound(
                                "merge policy \"" + Texts.shorten(request.getId()) + "\" does not exist")));
    }

    /**
     * The built-in policy heads the first page; the created ones follow in id order. The cursor is
     * the id of the page's last policy, so a page is one keyset read whatever the tenant holds.
     */
    @Override
    public void listMergePolicies(
            ListMergePoliciesRequest request, StreamObserver<ListMergePoliciesResponse> response) {
        Unary.respond(response, () -> {
            int limit = PageSize.of(request.hasLimit(), request.getLimit());
            // A cursor is a policy id: the built-in one or a UUID, nothing else.
            String start = request.getStart().isEmpty() ? "" : ResourceIds.check("start", request.getStart());
            List<MergePolicy> page = new ArrayList<>();
            if (start.isEmpty()) {
                page.add(BuiltInPolicy.of(tenant()));
            }
            String after = start.equals(BuiltInPolicy.ID) ? "" : start;
            int wanted = limit - page.size();
            KeysetPage<MergePolicy> stored = store.list(tenant(), after, wanted);
            page.addAll(stored.items());
            return ListMergePoliciesResponse.newBuilder()
                    .setPage(MergePolicyPage.newBuilder()
                            .setPageSize(page.size())
                            .setNext(
                                    stored.hasMore() ? page.get(page.size() - 1).getId() : ""))
                    .addAllChildren(page)
                    .build();
        });
    }

    private static Tenant tenant() {
        return CallContext.caller().tenant();
    }
}
