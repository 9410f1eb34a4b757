package io.segexport.server;

import static io.segexport.server.HostileGrpc.call;
import static io.segexport.server.HostileGrpc.metadata;
import static io.segexport.server.HostileGrpc.rawMethod;

import io.grpc.Metadata;
import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.World;
import java.util.List;
import java.util.Map;

/** The hostile-input cases of gRPC tenant metadata: repeated, empty, huge and path-like. */
final class HostileGrpcMetadata {
    private HostileGrpcMetadata() {}

    /** Metadata that is repeated, empty or names a tenant by a path. */
    static void grpcMetadata(World world, List<Case> cases) {
        Map<String, Metadata> attacks = new java.util.LinkedHashMap<>();
        Tenant owner = world.owner();
        attacks.put(
                "x-gw-ims-org-id twice (owner, other)",
                metadata(owner, "x-gw-ims-org-id", owner.orgId(), world.other().orgId()));
        attacks.put(
                "x-gw-ims-org-id twice (other, owner)",
                metadata(owner, "x-gw-ims-org-id", world.other().orgId(), owner.orgId()));
        attacks.put("x-sandbox-name twice", metadata(owner, "x-sandbox-name", "prod", "dev"));
        attacks.put(
                "authorization twice",
                metadata(owner, "authorization", "Bearer " + owner.token(), "Bearer not-the-token"));
        attacks.put("x-api-key twice", metadata(owner, "x-api-key", owner.apiKey(), "another-client"));
        attacks.put("x-gw-ims-org-id empty", metadata(owner, "x-gw-ims-org-id", ""));
        attacks.put("x-sandbox-name '..'", metadata(owner, "x-sandbox-name", ".."));
        attacks.put(
                "x-gw-ims-org-id '../other'",
                metadata(owner, "x-gw-ims-org-id", "../" + world.other().orgId()));
        attacks.put("authorization 'Bearer'", metadata(owner, "authorization", "Bearer"));
        attacks.put(
                "authorization of 7,000 characters", metadata(owner, "authorization", "Bearer " + "t".repeat(7000)));
        attacks.put("x-api-key empty", metadata(owner, "x-api-key", ""));
        byte[] get = io.segexport.v1.GetExportJobRequest.newBuilder()
                .setId(world.jobId())
                .build()
                .toByteArray();
        byte[] cancel = io.segexport.v1.CancelExportJobRequest.newBuilder()
                .setId(world.jobId())
                .build()
                .toByteArray();
        for (Map.Entry<String, Metadata> attack : attacks.entrySet()) {
            cases.add(new Case(
                    "gRPC: repeated, empty and path-like metadata",
                    "GetExportJob " + attack.getKey(),
                    () -> call(world, attack.getValue(), rawMethod("GetExportJob"), List.of(get))));
            cases.add(new Case(
                    "gRPC: repeated, empty and path-like metadata",
                    "CancelExportJob " + attack.getKey(),
                    () -> call(world, attack.getValue(), rawMethod("CancelExportJob"), List.of(cancel))));
        }
    }
}
