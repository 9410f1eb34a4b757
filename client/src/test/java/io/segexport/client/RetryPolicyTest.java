package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void theDefaultPolicyDoublesItsBackoffUpToItsMaximum() {
        assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(5);
        assertThat(RetryPolicy.DEFAULT.backoff(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(RetryPolicy.DEFAULT.backoff(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryPolicy.DEFAULT.backoff(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryPolicy.DEFAULT.backoff(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(RetryPolicy.DEFAULT.backoff(40)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void noneMakesOneAttempt() {
        assertThat(RetryPolicy.NONE.maxAttempts()).isEqualTo(1);
    }

    @Test
    void aPolicyWithoutAttemptsIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
    }

    @Test
    void aMaximumBackoffBelowTheInitialOneIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBackoff");
    }
}
