package io.cardea.migrate.script;

import java.util.List;
import java.util.OptionalLong;

/**
 * A versioned migration shipped in a release: {@code V<version>__<name>.sql}.
 *
 * @param transactional whether the whole migration runs in one transaction; migrations declared
 *     {@code -- cardea:transaction none} run step by step, each step recorded as it finishes
 * @param completes for a contract migration declared {@code -- cardea:completes V<n>}: the expand
 *     migration whose change it finishes; the release rules use it to tell a contract that finishes
 *     what an earlier release expanded from one that breaks the release still serving
 */
public record Migration(long version, String name, Phase phase, boolean transactional, String checksum,
        String location, List<Step> steps, OptionalLong completes) {

    public String label() {
        return "V" + version + " " + name;
    }
}
