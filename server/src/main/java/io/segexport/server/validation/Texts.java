package io.segexport.server.validation;

/** Request values as error messages quote them. */
public final class Texts {
    private Texts() {}

    /** A value cut short for quoting in an error message, control characters shown as '?'. */
    public static String shorten(String value) {
        String printable = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
