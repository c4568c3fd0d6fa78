package io.cardea.ops.upgrade;

import io.cardea.gateway.admin.GatewayAdmin;
import io.cardea.gateway.metrics.UpstreamFigures;
import io.cardea.migrate.script.Phase;
import io.cardea.ops.deploy.ChildProcess;
import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.DeploymentConfig;
import io.cardea.ops.deploy.DeploymentException;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.ops.deploy.Readiness;
import io.cardea.ops.deploy.ReleaseFolder;
import io.cardea.ops.deploy.SupervisorClient;
import io.cardea.ops.ledger.DeploymentLedger;
import io.cardea.ops.ledger.DeploymentRecord;
import io.cardea.ops.plan.ConfigCheck;
import io.cardea.ops.plan.ConfigFile;
import io.cardea.ops.plan.UpgradePath;
import io.cardea.ops.plan.UpgradePlan;
import io.cardea.ops.plan.Verdict;
import io.cardea.ops.smoke.SmokeTarget;
import io.cardea.ops.smoke.SmokeTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One upgrade (or roll-back) of a running deployment, step by step: plan, backup, expand, start the
 * new instances, smoke test them, cut over, watch, finish. Any failure after the first change
 * takes traffic back to the old release and stops the new instances.
 */
final class UpgradeRun {

    /** How the new release takes the traffic. */
    enum Strategy {
        BLUE_GREEN("blue-green"), ROLLING("rolling");

        final String label;

        Strategy(String label) {
            this.label = label;
        }
    }

    /**
     * @param instances how many instances of the new release; null: as many as serve now
     * @param skipBackup go without a backup (said loudly, and kept in the ledger)
     */
    record Options(Strategy strategy, Integer instances, WatchWindow watch, Duration readyTimeout, boolean skipBackup,
            boolean allowMajor) {}

    /** The exit codes of {@code upgrade run} and {@code upgrade rollback}. */
    static final int UPGRADED = 0;
    static final int ERROR = 1;
    static final int DOWNTIME = 3;
    static final int REFUSED = 4;
    static final int ROLLED_BACK = 5;

    private static final Duration DRAIN_WAIT = Duration.ofMinutes(2);
    /** The warm-up's bound: enough rounds for the JIT to compile the hot requests, and never long. */
    private static final int WARM_UP_ROUNDS = 40;
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(15);

    private final Deployment deployment;
    private final SupervisorClient supervisor;
    private final GatewayAdmin gateway;
    private final DeploymentLedger ledger;
    private final PrintWriter out;
    private final Options options;

    private ReleaseFolder from;
    private ReleaseFolder to;
    private List<InstanceView> old;
    private final List<InstanceView> started = new ArrayList<>();
    private boolean cut;
    private boolean smokeNoted;
    private Progress progress;
    private long id;

    UpgradeRun(Deployment deployment, DeploymentLedger ledger, PrintWriter out, Options options) {
        this.deployment = deployment;
        this.supervisor = SupervisorClient.of(deployment);
        this.gateway = new GatewayAdmin(deployment.endpoints().gatewayAdmin(), deployment.gatewayToken());
        this.ledger = ledger;
        this.out = out;
        this.options = options;
    }

    /** Upgrades to {@code version}: every step, from the plan on. */
    int upgrade(String version) throws Exception {
        return run(version, false);
    }

    /** Goes back to {@code version}, which runs on the schema as it is: no plan, backup or migration. */
    int goBack(String version) throws Exception {
        return run(version, true);
    }

    private int run(String version, boolean goingBack) throws Exception {
        try (AutoCloseable lock = ledger.exclusive()) {
            String current = supervisor.currentRelease();
            if (current.equals(version)) {
                throw new DeploymentException(version + " is the release serving already: nothing to do");
            }
            from = deployment.release(current);
            to = deployment.release(version);
            old = supervisor.instances().stream().filter(i -> i.release().equals(current) && i.running()).toList();
            if (old.isEmpty()) {
                throw new DeploymentException("no instance of " + current + " is running: start the deployment with "
                        + "`cardea deploy start " + deployment.dir() + "` first");
            }
            int count = options.instances() != null ? options.instances() : old.size();
            Strategy strategy = goingBack ? Strategy.BLUE_GREEN : options.strategy();
            id = ledger.begin(System.getProperty("user.name"), current, version,
                    goingBack ? "rollback" : strategy.label, count);
            progress = new Progress(out, ledger, id);
            progress.print((goingBack ? "Rolling back " : "Upgrading ") + "Cardea " + current + " → " + version + " ("
                    + strategy.label + ", " + count + " instance(s); deployment " + id + " in the ledger)");
            try {
                if (!goingBack) {
                    plan();
                    backup();
                    expand();
                }
                Map<URI, UpstreamFigures> atStart = figures();
                Map<URI, UpstreamFigures> atCut = strategy == Strategy.BLUE_GREEN ? blueGreen(count) : rolling(count);
                watch(baseline(atStart, atCut));
                finish();
                ledger.finish(id, DeploymentRecord.SUCCEEDED, null);
                progress.print("Cardea " + version + " is serving. " + (goingBack ? "" : "Once you are sure of it, "
                        + "run its contract migrations (`cardea migrate contract` of " + version + "); after them, "
                        + "going back needs the backup."));
                return UPGRADED;
            } catch (Refusal r) {
                ledger.finish(id, DeploymentRecord.REFUSED, r.getMessage());
                progress.print("Refused: " + r.getMessage());
                return r.exitCode();
            } catch (Exception e) {
                return failed(e);
            }
        }
    }

    private int failed(Exception e) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        progress.print("FAILED: " + reason);
        if (started.isEmpty() && !cut) {
            ledger.finish(id, DeploymentRecord.FAILED, reason);
            progress.print(from.version() + " keeps serving; nothing was started.");
            return ROLLED_BACK;
        }
        try {
            rollBack(reason);
            ledger.finish(id, DeploymentRecord.ROLLED_BACK, reason);
            progress.print("Rolled back: " + from.version() + " serves every request. Reason: " + reason);
            return ROLLED_BACK;
        } catch (Exception rollBackFailure) {
            String both = reason + "; then the roll-back failed: " + rollBackFailure.getMessage();
            ledger.finish(id, DeploymentRecord.FAILED, both);
            progress.print("THE ROLL-BACK FAILED: " + rollBackFailure.getMessage() + ". Check `cardea deploy status "
                    + deployment.dir() + "` and the gateway's upstreams; " + from.version() + " is the release to serve.");
            return ERROR;
        }
    }

    private void plan() throws Refusal {
        int step = progress.step("plan", "reading the manifests of " + from.version() + " and " + to.version()
                + " and the database's schema history");
        ConfigFile config = ConfigFile.read(deployment.dir().resolve(Deployment.CONFIG));
        UpgradePlan plan = UpgradePlan.onDatabase(from.manifest(), to.manifest(),
                UpgradePath.between(from.manifest(), to.manifest(), options.allowMajor()), deployment.database(),
                Optional.of(ConfigCheck.of(config, config.edits(to.manifest().configChanges()), Optional.empty(),
                        to.manifest())));
        progress.note("path: " + plan.path().describe());
        plan.expand().migrations().forEach(p -> progress.note("expand now: " + p.migration().label()));
        plan.contract().migrations().forEach(p -> progress.note("contract later, by you: " + p.migration().label()));
        plan.downtimeReasons().forEach(r -> progress.note("downtime: " + r));
        plan.pendingConfigEdits().forEach(e -> progress.note("configuration: " + e));
        plan.removals().forEach(r -> progress.note("removed: " + r.describe()));
        Verdict verdict = plan.verdict();
        String detail = "verdict: " + verdict.label() + " (`cardea upgrade plan --to " + to.dir() + "` shows the SQL and locks)";
        if (verdict == Verdict.ROLLING) {
            progress.ok(step, detail);
            return;
        }
        progress.failed(step, detail);
        String why = plan.path().refusal().orElse(verdict == Verdict.DOWNTIME ? String.join("; ", plan.downtimeReasons())
                : "the configuration needs the edits shown; make them in " + config.path());
        throw new Refusal(verdict == Verdict.DOWNTIME ? DOWNTIME : REFUSED, verdict.label() + ": " + why
                + (verdict == Verdict.DOWNTIME ? ". This upgrade cannot roll; docs/upgrading.md says how to run it in "
                + "a maintenance window" : ""));
    }

    private void backup() throws RunFailure, IOException, InterruptedException {
        int step = progress.step("backup", "a verified backup before the schema changes");
        if (options.skipBackup()) {
            String warning = "NO BACKUP TAKEN (--skip-backup): if this upgrade must be undone after its contract "
                    + "migrations, there is nothing to restore";
            progress.note("WARNING: " + warning);
            progress.skipped(step, warning);
            return;
        }
        Path file = deployment.backups().resolve("before-" + to.version() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".dump");
        if (cardea(to, "backup", "--to", file.toString()) != 0 || cardea(to, "backup", "verify", file.toString()) != 0) {
            progress.failed(step, "the backup did not complete or did not verify (its output is above)");
            throw new RunFailure("the backup before the upgrade failed; nothing was changed. Fix what it says, or run "
                    + "with --skip-backup to go without one");
        }
        ledger.recordBackup(id, file.toString());
        progress.ok(step, "backed up and verified: " + file);
    }

    private void expand() throws RunFailure, IOException, InterruptedException {
        int step = progress.step("expand", "the expand migrations, by " + to.version() + "'s migrator");
        if (cardea(to, "migrate", "up") != 0) {
            progress.failed(step, "the migrator failed (its output is above)");
            throw new RunFailure("the expand migrations of " + to.version() + " failed; " + from.version() + " keeps "
                    + "serving (expand migrations are backward compatible). `cardea migrate status` shows where it stopped");
        }
        // The manifest says what the release ships; a migrator that missed any of it must not pass unnoticed.
        List<String> left = UpgradePlan.migratorFor(to.manifest(), deployment.database()).plan(Phase.EXPAND)
                .migrations().stream().map(p -> p.migration().label()).toList();
        if (!left.isEmpty()) {
            progress.failed(step, "still pending after the migrator: " + left);
            throw new RunFailure("the migrator of " + to.version() + " left " + left + " pending, which its manifest "
                    + "ships: the release folder " + to.dir() + " is incomplete or damaged");
        }
        progress.ok(step, "the schema is expanded; " + from.version() + " keeps serving on it");
    }

    private Map<URI, UpstreamFigures> blueGreen(int count) throws Exception {
        int step = progress.step("start", "starting " + count + " instance(s) of " + to.version());
        List<InstanceView> fresh = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InstanceView instance = supervisor.start(to.version());
            started.add(instance);
            fresh.add(instance);
            progress.note("instance " + instance.id() + " on " + instance.url() + " (log: " + instance.log() + ")");
        }
        awaitReady(step, fresh);
        progress.ok(step, count + " instance(s) of " + to.version() + " ready");
        smoke(fresh);
        for (InstanceView instance : fresh) {
            serve(instance);
        }
        int cutStep = progress.step("cut-over", "switching the gateway to " + to.version() + " in one step");
        Map<URI, UpstreamFigures> atCut = figures();
        switchGateway(urls(fresh));
        cut = true;
        progress.ok(cutStep, "every new request goes to " + urls(fresh) + "; " + from.version()
                + " finishes what it was serving and stays up until the watch is over");
        return atCut;
    }

    private Map<URI, UpstreamFigures> rolling(int count) throws Exception {
        List<InstanceView> remaining = new ArrayList<>(old);
        Map<URI, UpstreamFigures> atCut = null;
        for (int i = 1; i <= count; i++) {
            int step = progress.step("replace " + i + "/" + count, "one instance of " + to.version() + " in, one of "
                    + from.version() + " out");
            InstanceView fresh = supervisor.start(to.version());
            started.add(fresh);
            progress.note("instance " + fresh.id() + " on " + fresh.url() + " (log: " + fresh.log() + ")");
            awaitReady(step, List.of(fresh));
            smoke(step, fresh);
            serve(fresh);
            List<InstanceView> leaving = new ArrayList<>();
            if (!remaining.isEmpty()) {
                leaving.add(remaining.removeFirst());
            }
            if (i == count) {
                leaving.addAll(remaining);
                remaining.clear();
            }
            List<URI> set = new ArrayList<>(urls(remaining));
            set.addAll(urls(started));
            if (atCut == null) {
                atCut = figures();
            }
            switchGateway(set);
            cut = true;
            for (InstanceView o : leaving) {
                drainAndStop(o);
            }
            progress.ok(step, "serving: " + set);
        }
        return atCut;
    }

    /** Replaces the gateway's upstream set and prints how long the switch took: the cut-over users can notice. */
    private void switchGateway(List<URI> upstreams) throws Exception {
        long began = System.nanoTime();
        gateway.replaceUpstreams(upstreams);
        progress.note(String.format(Locale.ROOT, "gateway switched in %.1f ms",
                (System.nanoTime() - began) / 1e6));
    }

    private void awaitReady(int step, List<InstanceView> instances) throws Exception {
        try {
            Readiness.await(urls(instances), options.readyTimeout(), this::supervised);
        } catch (DeploymentException e) {
            progress.failed(step, e.getMessage());
            throw new RunFailure(to.version() + " did not become ready: " + e.getMessage(), e);
        }
    }

    private void smoke(List<InstanceView> instances) throws Exception {
        int step = progress.step("smoke", "trying each new instance directly, before any user reaches it");
        for (InstanceView instance : instances) {
            smoke(step, instance);
        }
        progress.ok(step, "every new instance passed");
    }

    private void smoke(int step, InstanceView instance) throws Exception {
        Optional<String> failure = fullSmokeTest()
                ? (cardea(to, smokeEnvironment(), "smoke", "--url", instance.url().toString(), "--create-probe") == 0
                        ? Optional.empty() : Optional.of("`cardea smoke` of " + to.version() + " failed (its checks are above)"))
                : SmokeCheck.check(instance.url(), deployment.config().adminToken());
        if (failure.isPresent()) {
            progress.failed(step, instance.id() + ": " + failure.get());
            throw new RunFailure("the smoke test failed on instance " + instance.id() + " of " + to.version() + " ("
                    + instance.url() + "): " + failure.get());
        }
        int rounds = warmUp(instance);
        progress.note("instance " + instance.id() + ": smoke test passed, warmed up (" + rounds + " rounds)");
    }

    /**
     * The smoke test's requests again and again, answers not judged, for a bounded while: the new
     * JVM compiles its hot code on them rather than on the users' first requests.
     */
    private int warmUp(InstanceView instance) {
        DeploymentConfig config = deployment.config();
        var target = new SmokeTarget(instance.url(), null, config.adminToken(),
                new SmokeTarget.ProbeIdentity(config.get(DeploymentConfig.SMOKE_PROBE_EMAIL).orElse(""),
                        config.get(DeploymentConfig.SMOKE_PROBE_PASSWORD).orElse("")),
                config.get(DeploymentConfig.SMOKE_CLIENT_ID).map(id -> new SmokeTarget.ProbeClient(id,
                        config.get(DeploymentConfig.SMOKE_CLIENT_SECRET).orElse(""))).orElse(null), null);
        long end = System.nanoTime() + WARM_UP_LIMIT.toNanos();
        int rounds = 0;
        while (rounds < WARM_UP_ROUNDS && System.nanoTime() < end) {
            SmokeTest.run(target);
            rounds++;
        }
        return rounds;
    }

    /** The instance takes users' traffic from now on: the supervisor gives it its normal CPU priority back. */
    private void serve(InstanceView instance) throws IOException, InterruptedException {
        supervisor.serve(instance.id()).ifPresent(progress::note);
    }

    /**
     * Whether the deployment names a probe client: then the target release's own {@code cardea smoke}
     * runs (sign-in, token through the JWKS, introspection, admin API); without one, the shorter
     * check of {@link SmokeCheck}, and the run says so.
     */
    private boolean fullSmokeTest() {
        boolean full = deployment.config().get(DeploymentConfig.SMOKE_CLIENT_ID).isPresent();
        if (!full && !smokeNoted) {
            smokeNoted = true;
            progress.note("no probe client in cardea.env (" + DeploymentConfig.SMOKE_CLIENT_ID + ", CARDEA_SMOKE_CLIENT_SECRET): "
                    + "a shorter check instead of `cardea smoke` (ready, discovery, JWKS, admin API)");
        }
        return full;
    }

    /** The deployment's settings, and its admin token for the smoke test unless it names one of its own. */
    private Map<String, String> smokeEnvironment() {
        DeploymentConfig config = deployment.config();
        Map<String, String> env = new HashMap<>(config.values());
        env.putIfAbsent("CARDEA_SMOKE_ADMIN_TOKEN", config.adminToken());
        return env;
    }

    /** What the old release served between the start of the run and the cut: the yardstick for the watch. */
    private UpstreamFigures baseline(Map<URI, UpstreamFigures> atStart, Map<URI, UpstreamFigures> atCut) {
        List<UpstreamFigures> during = new ArrayList<>();
        List<UpstreamFigures> ever = new ArrayList<>();
        for (InstanceView o : old) {
            UpstreamFigures cutFigures = atCut.getOrDefault(o.url(), UpstreamFigures.none(o.url()));
            during.add(cutFigures.since(atStart.getOrDefault(o.url(), UpstreamFigures.none(o.url()))));
            ever.add(cutFigures);
        }
        UpstreamFigures recent = UpstreamFigures.sum(URI.create("baseline:" + from.version()), during);
        // A run whose first steps were quick saw too little traffic to compare with: take all the old release served.
        return recent.requests() >= WatchWindow.MIN_REQUESTS_FOR_LATENCY ? recent
                : UpstreamFigures.sum(URI.create("baseline:" + from.version()), ever);
    }

    private void watch(UpstreamFigures before) throws Exception {
        WatchWindow window = options.watch();
        int step = progress.step("watch", "errors and p99 latency of " + to.version() + " at the gateway for "
                + window.length().toSeconds() + " s, against " + from.version() + " before the cut ("
                + WatchWindow.describe(before) + ")");
        Map<URI, UpstreamFigures> atStart = figures();
        long end = System.nanoTime() + window.length().toNanos();
        long nextNote = System.nanoTime();
        while (true) {
            Thread.sleep(Math.max(0, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            Map<URI, UpstreamFigures> now = figures();
            UpstreamFigures since = UpstreamFigures.sum(URI.create("watch:" + to.version()), started.stream()
                    .map(s -> now.getOrDefault(s.url(), UpstreamFigures.none(s.url()))
                            .since(atStart.getOrDefault(s.url(), UpstreamFigures.none(s.url())))).toList());
            Optional<String> failure = window.judge(since, before).or(this::newInstanceDown);
            if (failure.isPresent()) {
                progress.failed(step, failure.get());
                throw new RunFailure("the watch window failed: " + failure.get());
            }
            boolean over = System.nanoTime() >= end;
            if (over || System.nanoTime() >= nextNote) {
                long left = Math.max(0, (end - System.nanoTime()) / 1_000_000_000);
                progress.note(to.version() + ": " + WatchWindow.describe(since) + (over ? "" : "; " + left + " s to go"));
                nextNote = System.nanoTime() + 5_000_000_000L;
            }
            if (over) {
                progress.ok(step, to.version() + " held: " + WatchWindow.describe(since));
                return;
            }
        }
    }

    private Optional<String> newInstanceDown() {
        try {
            List<InstanceView> now = supervisor.instances();
            for (InstanceView s : started) {
                if (now.stream().noneMatch(i -> i.id().equals(s.id()) && i.running())) {
                    return Optional.of("instance " + s.id() + " of " + to.version() + " stopped (log: " + s.log() + ")");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private void finish() throws Exception {
        int step = progress.step("finish", "draining and stopping " + from.version());
        supervisor.makeCurrent(to.version());
        for (InstanceView o : supervisor.instances()) {
            if (o.release().equals(from.version()) && o.running()) {
                drainAndStop(o);
            }
        }
        progress.ok(step, to.version() + " is the deployment's release; " + from.version() + "'s instances stopped");
    }

    /** Traffic back to the old release (restarting its instances a rolling upgrade stopped), new instances stopped. */
    private void rollBack(String reason) throws Exception {
        int step = progress.step("roll-back", "back to " + from.version());
        if (cut) {
            List<InstanceView> serving = new ArrayList<>(supervisor.instances().stream()
                    .filter(i -> i.release().equals(from.version()) && i.running()).toList());
            List<InstanceView> restarted = new ArrayList<>();
            for (int i = serving.size(); i < old.size(); i++) {
                InstanceView instance = supervisor.start(from.version());
                progress.note("restarting an instance of " + from.version() + ": " + instance.id() + " on " + instance.url());
                restarted.add(instance);
            }
            Readiness.await(urls(restarted), options.readyTimeout(), this::supervised);
            for (InstanceView instance : restarted) {
                serve(instance);
            }
            serving.addAll(restarted);
            gateway.replaceUpstreams(urls(serving));
            progress.note("the gateway sends every new request to " + from.version() + ": " + urls(serving));
        }
        for (InstanceView s : started) {
            if (cut) {
                gateway.awaitDrained(s.url(), DRAIN_WAIT);
            }
            supervisor.stop(s.id());
        }
        progress.ok(step, from.version() + " serves; the instances of " + to.version() + " are stopped. Reason: " + reason);
    }

    private void drainAndStop(InstanceView instance) throws Exception {
        if (!gateway.awaitDrained(instance.url(), DRAIN_WAIT)) {
            progress.note("instance " + instance.id() + " still had requests in flight after " + DRAIN_WAIT.toSeconds()
                    + " s; stopping it anyway (it finishes them as it shuts down)");
        }
        supervisor.stop(instance.id());
        progress.note("instance " + instance.id() + " of " + instance.release() + " drained and stopped");
    }

    private InstanceView supervised(URI url) {
        try {
            return supervisor.instance(url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("interrupted", e);
        }
    }

    private Map<URI, UpstreamFigures> figures() throws IOException, InterruptedException {
        Map<URI, UpstreamFigures> figures = new HashMap<>();
        gateway.upstreamFigures().forEach(f -> figures.put(f.url(), f));
        return figures;
    }

    private int cardea(ReleaseFolder release, String... args) throws IOException, InterruptedException {
        return cardea(release, deployment.config().values(), args);
    }

    private int cardea(ReleaseFolder release, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return ChildProcess.run(release.cardea(environment, args), out);
    }

    private static List<URI> urls(List<InstanceView> instances) {
        return instances.stream().map(InstanceView::url).toList();
    }
}
