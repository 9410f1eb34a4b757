package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GlobalOptionsTest {
    private static GlobalOptions parse(Map<String, String> environment, String... args) {
        GlobalOptions options = new GlobalOptions();
        new CommandLine(options)
                .setDefaultValueProvider(new EnvironmentDefaults(environment))
                .parseArgs(args);
        return options;
    }

    @Test
    void withoutFlagsOrEnvironmentTheDemoWorldIsTheDefault() {
        GlobalOptions options = parse(Map.of());
        assertThat(options.target).isEqualTo("localhost:50051");
        assertThat(options.token).isEqualTo("demo-token");
        assertThat(options.apiKey).isEqualTo("segexport-demo");
        assertThat(options.org).isEqualTo("1BD6382559DF0C130A49422D@AdobeOrg");
        assertThat(options.sandbox).isEqualTo("prod");
        assertThat(options.caFile).isNull();
        assertThat(options.output).isEqualTo(OutputFormat.human);
        assertThat(options.timeout).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theEnvironmentOverridesTheDefaults() {
        GlobalOptions options = parse(Map.of(
                "SEGEXPORT_TARGET",
                "tls://api.example.com:443",
                "SEGEXPORT_TOKEN",
                "t0k",
                "SEGEXPORT_API_KEY",
                "key",
                "SEGEXPORT_ORG",
                "ORG@AdobeOrg",
                "SEGEXPORT_SANDBOX",
                "dev"));
        assertThat(options.target).isEqualTo("tls://api.example.com:443");
        assertThat(options.token).isEqualTo("t0k");
        assertThat(options.apiKey).isEqualTo("key");
        assertThat(options.org).isEqualTo("ORG@AdobeOrg");
        assertThat(options.sandbox).isEqualTo("dev");
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        assertThat(parse(Map.of("SEGEXPORT_SANDBOX", " ")).sandbox).isEqualTo("prod");
    }

    @Test
    void flagsOverrideTheEnvironment() {
        GlobalOptions options = parse(
                Map.of("SEGEXPORT_TARGET", "env:1", "SEGEXPORT_TOKEN", "env-token"),
                "--target",
                "flag:2",
                "--token",
                "flag-token",
                "--output",
                "json",
                "--timeout",
                "90s");
        assertThat(options.target).isEqualTo("flag:2");
        assertThat(options.token).isEqualTo("flag-token");
        assertThat(options.output).isEqualTo(OutputFormat.json);
        assertThat(options.timeout).isEqualTo(Duration.ofSeconds(90));
    }
}
