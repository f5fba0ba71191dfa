package satchel.auth;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;

/**
 * What a user name may be, and the one form it is stored and looked up in. Any Unicode text is allowed except
 * control characters, whitespace and separators (which clients and admins cannot type or see reliably); it is
 * normalised to NFC, so "zoë" typed as e + combining diaeresis is the same user as the precomposed one, whether
 * it comes from {@code satchel user}, LOGIN or AUTHENTICATE.
 */
public final class UserNames {
    /** Longest name in UTF-8 bytes. */
    public static final int MAX_BYTES = 255;

    private UserNames() {}

    /** The stored form: NFC. Null stays null (an absent identity). */
    public static String normalize(String name) {
        return name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /** Why {@code name} (already normalised) cannot be a user name, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) return Optional.of("it is empty");
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("it is longer than " + MAX_BYTES + " bytes of UTF-8");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            switch (Character.getType(c)) {
                case Character.CONTROL -> { return Optional.of(String.format("it contains the control character U+%04X", c)); }
                case Character.SURROGATE -> { return Optional.of("it is not valid Unicode"); }
                case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                    return Optional.of(String.format("it contains the space or separator U+%04X", c));
                }
                default -> {
                    if (Character.isWhitespace(c)) return Optional.of(String.format("it contains the space U+%04X", c));
                }
            }
        }
        return Optional.empty();
    }
}
