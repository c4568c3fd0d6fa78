package io.cardea.server.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this server process names itself where other instances and operators read it. */
public final class ThisProcess {

    private ThisProcess() {}

    /** This machine's name, or {@code localhost} when it has none. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** {@code pid 123 on host}: the process, as records of who did what name it. */
    public static String name() {
        return "pid " + ProcessHandle.current().pid() + " on " + hostName();
    }
}
