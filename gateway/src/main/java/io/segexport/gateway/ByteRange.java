package io.segexport.gateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range} header (RFC 9110, section 14.2), as the offset and length of a
 * ReadFile request: {@code bytes=a-b} reads from a, b - a + 1 bytes; {@code bytes=a-} reads from a to
 * the end; {@code bytes=-n} reads the last n bytes (offset -n). The backend stops at the end of the
 * file, and says in the stream's first message which bytes it sends.
 *
 * @param offset ReadFile's offset: the first byte, or minus the length of a suffix
 * @param length ReadFile's length, or null to the end of the file
 */
record ByteRange(long offset, Long length) {
    private static final Pattern SINGLE = Pattern.compile("(?i)bytes=[ \t]*([0-9]*)-([0-9]*)[ \t]*");

    /**
     * The one range of a Range header; empty when there is no header or it is to be ignored: malformed,
     * another unit, several ranges (this service sends no multipart/byteranges), or last before first.
     * RFC 9110 lets a server ignore such a header and answer 200 with the whole file.
     */
    static Optional<ByteRange> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = number(m.group(2));
            // bytes=-0 asks for no bytes: unsatisfiable, which a read of nothing reports.
            return Optional.of(suffix == 0 ? new ByteRange(0, 0L) : new ByteRange(-suffix, null));
        }
        long first = number(m.group(1));
        if (m.group(2).isEmpty()) {
            return Optional.of(new ByteRange(first, null));
        }
        long last = number(m.group(2));
        if (last < first) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(first, last - first == Long.MAX_VALUE ? Long.MAX_VALUE : last - first + 1));
    }

    /** A position; one too large for a long is as good as the largest (beyond any file). */
    private static long number(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
    }
}
