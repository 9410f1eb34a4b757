package io.segexport.server;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile-input cases over REST (see {@link HostileCases}): bodies, fields, content types, ids,
 * queries, headers and request lines, written on a plain socket so that anything can be sent, against
 * one real server. {@link HostileRun} starts it and judges each case; the totals go to
 * {@code target/hostile-rest-summary.txt}.
 */
class HostileRestInputTest {
    @RegisterExtension
    static final HostileRun run = new HostileRun("rest");

    @TestFactory
    Stream<DynamicNode> restCases() {
        return run.groups(HostileCases.rest(run.world()));
    }
}
