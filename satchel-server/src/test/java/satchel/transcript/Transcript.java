package satchel.transcript;

import java.util.List;
import java.util.Set;

/**
 * A parsed transcript file. {@code only} names the targets the file applies to ({@code !only satchel}); empty
 * means every target.
 */
record Transcript(String name, List<Step> steps, Set<String> only) {
    boolean appliesTo(String targetKind) {
        return only.isEmpty() || only.contains(targetKind);
    }
}
