package io.segexport.server.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The blocks of a PEM file: {@code -----BEGIN TYPE-----}, base64, {@code -----END TYPE-----}. */
final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** One block: its type (e.g. {@code CERTIFICATE}, {@code PRIVATE KEY}) and its DER bytes. */
    record Block(String type, byte[] der) {}

    private Pem() {}

    /**
     * The blocks in the file, in order; text around them is ignored, as openssl does.
     *
     * @throws IllegalArgumentException when a block's body is not base64
     */
    static List<Block> read(byte[] file) {
        String text = new String(file, StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) {
                // "Proc-Type: 4,ENCRYPTED": an old-style (OpenSSL) encrypted key.
                blocks.add(new Block("ENCRYPTED " + m.group(1), new byte[0]));
                continue;
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body.strip())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + m.group(1) + " block is not valid base64");
            }
        }
        return blocks;
    }
}
