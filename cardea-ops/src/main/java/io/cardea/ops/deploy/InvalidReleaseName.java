package io.cardea.ops.deploy;

/**
 * A release name that is not a release version: installed releases are {@code releases/VERSION},
 * and a name such as {@code ../../x} would lead out of that folder.
 */
final class InvalidReleaseName extends DeploymentException {

    InvalidReleaseName(String message) {
        super(message);
    }
}
