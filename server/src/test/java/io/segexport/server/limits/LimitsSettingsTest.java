package io.segexport.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limits as --limit sets them, and the token buckets of the client rate. */
class LimitsSettingsTest {

    @Test
    void theDefaultsAreEachLimitsDefault() {
        for (Limit limit : Limit.values()) {
            assertThat(Limits.DEFAULTS.get(limit)).as(limit.flagName()).isEqualTo(limit.defaultValue());
        }
        assertThat(Limits.DEFAULTS.requestBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(Limits.DEFAULTS.pageSize()).isEqualTo(1000);
        assertThat(Limits.DEFAULTS.recordDepth()).isEqualTo(32);
    }

    @Test
    void everyLimitIsSetByItsFlagNameAndOnlyThatOneChanges() {
        for (Limit limit : Limit.values()) {
            Limits changed = Limits.DEFAULTS.with(limit.flagName(), Integer.toString(limit.min()));

            for (Limit other : Limit.values()) {
                assertThat(changed.get(other))
                        .as("%s after setting %s", other.flagName(), limit.flagName())
                        .isEqualTo(other == limit ? limit.min() : other.defaultValue());
            }
        }
    }

    @Test
    void settingsApplyInOrderOverTheDefaults() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("request-bytes", "1048576");
        settings.put("org-running-jobs", "3");
        settings.put("page-size", "1_000_000");

        Limits limits = Limits.parse(settings);

        assertThat(limits.requestBytes()).isEqualTo(1_048_576);
        assertThat(limits.orgRunningJobs()).isEqualTo(3);
        assertThat(limits.pageSize()).isEqualTo(1_000_000);
        assertThat(limits.idLength()).isEqualTo(256);
    }

    @Test
    void anUnknownNameIsRefusedNamingItAndTheKnownOnes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Limits.DEFAULTS.with("request-size", "10"))
                .withMessageStartingWith("unknown limit \"request-size\"; the limits are request-bytes, header-bytes, ")
                .withMessageContaining("org-running-jobs")
                .withMessageEndingWith("client-burst, file-mebibytes");
    }

    @Test
    void aValueThatIsNoWholeNumberIsRefusedNamingTheLimit() {
        for (String bad : new String[] {"", "ten", "-1", "1.5", "10MiB", "99999999999999999999"}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> Limits.DEFAULTS.with("page-size", bad))
                    .withMessage("limit page-size must be a whole number from 1 to 2147483647, not \"" + bad + "\"");
        }
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingTheLimitAndItsRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Limits.DEFAULTS.with("job-segments", "0"))
                .withMessage("limit job-segments must be from 1 to 2147483647, not 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Limits.DEFAULTS.with("record-depth", "33"))
                .withMessage("limit record-depth must be from 1 to 32, not 33");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Limits.DEFAULTS.with("json-depth", "501"))
                .withMessage("limit json-depth must be from 1 to 500, not 501");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Limits.DEFAULTS.with("request-bytes", "3000000000"))
                .withMessage("limit request-bytes must be from 1024 to 2147483647, not 3000000000");
    }

    @Test
    void outsideACallTheDefaultsApply() {
        assertThat(Limits.current()).isSameAs(Limits.DEFAULTS);
    }

    // --- the client rate's token buckets ---

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aClientMayMakeItsBurstAtOnceThenWaitsForItsRate() {
        ClientRates rates = new ClientRates(2, 3, now::get);

        assertThat(rates.acquire("a")).isEmpty();
        assertThat(rates.acquire("a")).isEmpty();
        assertThat(rates.acquire("a")).isEmpty();
        assertThat(rates.acquire("a")).contains(Duration.ofMillis(500));

        advance(Duration.ofMillis(200));
        assertThat(rates.acquire("a")).contains(Duration.ofMillis(300));

        advance(Duration.ofMillis(300));
        assertThat(rates.acquire("a")).isEmpty();
        assertThat(rates.acquire("a")).contains(Duration.ofMillis(500));
    }

    @Test
    void eachClientHasItsOwnBucket() {
        ClientRates rates = new ClientRates(1, 1, now::get);

        assertThat(rates.acquire("a")).isEmpty();
        assertThat(rates.acquire("a")).isPresent();
        assertThat(rates.acquire("b")).isEmpty();
    }

    @Test
    void aBucketRefillsToItsBurstAndNoFurther() {
        ClientRates rates = new ClientRates(10, 2, now::get);
        rates.acquire("a");
        rates.acquire("a");

        advance(Duration.ofHours(1));

        assertThat(rates.acquire("a")).isEmpty();
        assertThat(rates.acquire("a")).isEmpty();
        assertThat(rates.acquire("a")).contains(Duration.ofMillis(100));
    }

    @Test
    void fullBucketsAreDroppedWhenThereAreManyClients() {
        ClientRates rates = new ClientRates(1, 1, now::get);
        for (int i = 0; i <= 10_000; i++) {
            rates.acquire("client-" + i);
        }
        assertThat(rates.tracked()).isEqualTo(10_001);

        advance(Duration.ofSeconds(2));
        rates.acquire("client-0");

        assertThat(rates.tracked()).isEqualTo(1);
    }

    @Test
    void retryAfterIsInWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(LimitsInterceptor.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(LimitsInterceptor.retryAfterSeconds(Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(LimitsInterceptor.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(LimitsInterceptor.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    }
}
