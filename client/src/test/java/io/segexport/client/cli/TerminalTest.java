package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
    @Test
    void aDumbTerminalGetsPlainLinesNotABar() {
        assertThat(Terminal.stderrIsTerminal(Map.of("TERM", "dumb"))).isFalse();
    }
}
