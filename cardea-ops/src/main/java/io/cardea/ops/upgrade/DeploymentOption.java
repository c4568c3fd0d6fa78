package io.cardea.ops.upgrade;

import io.cardea.ops.deploy.Deployment;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --deployment DIR}, shared by the upgrade commands that act on a running deployment. */
final class DeploymentOption {

    @Option(names = "--deployment", paramLabel = "DIR", defaultValue = "${env:CARDEA_DEPLOYMENT:-.}",
            description = "The deployment directory (env CARDEA_DEPLOYMENT; default: the current directory).")
    Path dir;

    Deployment open() {
        return Deployment.at(dir);
    }
}
