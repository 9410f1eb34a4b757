package io.segexport.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code grpc-message} trailer as gRPC writes it: UTF-8 with every byte outside printable
 * ASCII, and '%' itself, percent-encoded. Armeria hands a transcoded call's error handler the
 * status with that text as it came, so a detail quoting "é 100%" would read "%C3%A9 100%25".
 */
final class GrpcMessages {
    private GrpcMessages() {}

    /** The text gRPC encoded; a '%' not followed by two hexadecimal digits is kept as it is, as gRPC's own decoder does. */
    static String decode(String message) {
        if (message == null || message.indexOf('%') < 0) {
            return message;
        }
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int high = i + 2 < bytes.length && bytes[i] == '%' ? Character.digit(bytes[i + 1], 16) : -1;
            int low = high < 0 ? -1 : Character.digit(bytes[i + 2], 16);
            if (low >= 0) {
                decoded.write(high << 4 | low);
                i += 2;
            } else {
                decoded.write(bytes[i]);
            }
        }
        return decoded.toString(StandardCharsets.UTF_8);
    }
}
