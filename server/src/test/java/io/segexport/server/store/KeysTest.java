package io.segexport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final byte[] TENANT = Keys.tenant(new Tenant("A@AdobeOrg", "prod"));

    @Test
    void aKeyOfTwoEncodedTextsIsTheKeyTheBuilderMakesOfThem() {
        for (String[] texts : new String[][] {{"email", "a@example.com"}, {"", ""}, {"nåme", "日本語 \uD83D\uDE00"}}) {
            assertThat(Keys.withTexts(TENANT, ByteString.copyFromUtf8(texts[0]), ByteString.copyFromUtf8(texts[1])))
                    .isEqualTo(Keys.startingWith(TENANT)
                            .text(texts[0])
                            .text(texts[1])
                            .toBytes());
        }
    }

    @Test
    void aTextPartLongerThanTwoBytesCanCountIsRefusedAsByTheBuilder() {
        ByteString tooLong = ByteString.copyFrom(new byte[0x10000]);

        assertThatThrownBy(() -> Keys.withTexts(TENANT, ByteString.EMPTY, tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a key part is longer than 65535 bytes");
    }
}
