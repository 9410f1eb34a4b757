package io.segexport.server.batchstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The batch store's location and endpoint flags, read and checked. */
class S3ConfigTest {
    @Test
    void aLocationGivesItsBucketAndAPrefixEndingInASlash() {
        S3Config config = S3Config.parse("s3://my-bucket/exports/prod", "http://localhost:9090", "eu-west-1");

        assertThat(config)
                .isEqualTo(
                        new S3Config("my-bucket", "exports/prod/", URI.create("http://localhost:9090"), "eu-west-1"));
        assertThat(config.location()).isEqualTo("s3://my-bucket/exports/prod/");
    }

    @Test
    void aBucketAloneHasAnEmptyPrefix() {
        assertThat(S3Config.parse("s3://my-bucket", null, "us-east-1").prefix()).isEmpty();
        assertThat(S3Config.parse("s3://my-bucket/", null, "us-east-1").prefix())
                .isEmpty();
    }

    @Test
    void noEndpointMeansAwsItself() {
        S3Config config = S3Config.parse("s3://my-bucket", " ", "us-east-1");

        assertThat(config.endpoint()).isNull();
        assertThat(config.server()).isEqualTo("AWS (us-east-1)");
    }

    @Test
    void aLocationOfAnotherSchemeIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> S3Config.parse("file:///tmp/b", null, "us-east-1"))
                .hasMessage("--batch-store must be s3://BUCKET or s3://BUCKET/PREFIX, not file:///tmp/b");
    }

    @Test
    void aBucketNameS3WouldRefuseIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> S3Config.parse("s3://My_Bucket/p", null, "us-east-1"))
                .hasMessageStartingWith("--batch-store names the bucket \"My_Bucket\", which is not a bucket name");
        assertThatThrownBy(() -> S3Config.parse("s3://", null, "us-east-1"))
                .hasMessageStartingWith("--batch-store names the bucket \"\"");
    }

    @Test
    void aPrefixWithAnEmptySegmentIsRefused() {
        assertThatThrownBy(() -> S3Config.parse("s3://bucket/a//b", null, "us-east-1"))
                .hasMessage("--batch-store must not have an empty path segment: s3://bucket/a//b");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefusedNamingItsFlag() {
        assertThatThrownBy(() -> S3Config.parse("s3://bucket", "localhost:9090", "us-east-1"))
                .hasMessage("--s3-endpoint must be an http:// or https:// URL with a host, not localhost:9090");
        assertThatThrownBy(() -> S3Config.parse("s3://bucket", "http://bad host", "us-east-1"))
                .hasMessage("--s3-endpoint is not a URL: http://bad host");
    }
}
