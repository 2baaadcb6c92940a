package io.faceengine.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP forwarder on loopback between the API and the real Elasticsearch that a test can cut, as a
 * network outage or a stopped server would: {@link #cut()} closes every open connection and
 * resets new ones on arrival until {@link #restore()}. {@link #cutOnRequest} cuts at the moment a
 * given request is sent, before Elasticsearch receives any of it. {@link #stall()} makes it hang as
 * an overloaded or frozen server does: connections are accepted and read, but nothing is answered.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> trigger = new AtomicReference<>();
    private volatile boolean cut;
    private volatile boolean stalled;

    CuttableProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    void cut() {
        cut = true;
        for (Socket socket : open) {
            close(socket);
        }
    }

    /** From now on nothing is forwarded either way, on open connections or new ones, until {@link #restore()}. */
    void stall() {
        stalled = true;
    }

    void restore() {
        trigger.set(null);
        cut = false;
        if (stalled) {
            stalled = false;
            // What was sent while stalled is lost: end those connections, as a restarted server would.
            for (Socket socket : open) {
                close(socket);
            }
        }
    }

    /** Cuts when a client sends bytes containing {@code marker} (e.g. a request line's path), once. */
    void cutOnRequest(String marker) {
        trigger.set(marker);
    }

    @Override
    public void close() throws IOException {
        cut();
        listener.close();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                reset(client);
                continue;
            }
            if (stalled) {
                open.add(client);
                drain(client);
                continue;
            }
            try {
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    /** Copies one direction until either side closes; the client's side is checked for the trigger. */
    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            String tail = "";
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    String marker = trigger.get();
                    if (fromClient && marker != null) {
                        // Keep the end of the previous read, so a marker split across reads is still seen.
                        String window = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                        if (window.contains(marker) && trigger.compareAndSet(marker, null)) {
                            cut();
                            return;
                        }
                        tail = window.substring(Math.max(0, window.length() - marker.length()));
                    }
                    if (!stalled) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // A side closed (or the proxy was cut): the connection is over.
            } finally {
                close(from);
                close(to);
            }
        }, fromClient ? "proxy-up" : "proxy-down");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads and drops what a client sends, answering nothing, until the connection closes. */
    private void drain(Socket client) {
        Thread thread = new Thread(() -> {
            try (InputStream in = client.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed
            } finally {
                close(client);
            }
        }, "proxy-stalled");
        thread.setDaemon(true);
        thread.start();
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Closes with a reset, as a refused or dropped connection looks to the client. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
