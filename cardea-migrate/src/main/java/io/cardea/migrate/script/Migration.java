package io.cardea.migrate.script;

import java.util.List;

/**
 * A versioned migration shipped in a release: {@code V<version>__<name>.sql}.
 *
 * @param transactional whether the whole migration runs in one transaction; migrations declared
 *     {@code -- cardea:transaction none} run step by step, each step recorded as it finishes
 */
public record Migration(long version, String name, Phase phase, boolean transactional, String checksum,
        String location, List<Step> steps) {

    public String label() {
        return "V" + version + " " + name;
    }
}
