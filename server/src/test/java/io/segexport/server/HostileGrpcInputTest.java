package io.segexport.server;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile-input cases over gRPC (see {@link HostileCases}): raw bytes through a byte-array
 * marshaller, and well-formed messages with hostile ids, numbers and metadata, against one real server.
 * {@link HostileRun} starts it and judges each case; the totals go to
 * {@code target/hostile-grpc-summary.txt}.
 */
class HostileGrpcInputTest {
    @RegisterExtension
    static final HostileRun run = new HostileRun("grpc");

    @TestFactory
    Stream<DynamicNode> grpcCases() {
        return run.groups(HostileCases.grpc(run.world()));
    }
}
