package dev.tenancy.orgs.net;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

/**
 * The categories an outbound failure is reported to callers as — never exception text, which would
 * turn an error message into a port scanner: {@value #TIMEOUT}, {@value #REFUSED}, {@value #TLS},
 * {@code http-<status>}, {@value #ADDRESS_POLICY}, {@value #DNS}, {@value #IO}.
 */
public final class OutboundErrors {

    public static final String TIMEOUT = "timeout";
    public static final String REFUSED = "refused";
    public static final String TLS = "tls";
    public static final String ADDRESS_POLICY = "address-policy";
    public static final String DNS = "dns";
    public static final String IO = "io";

    private OutboundErrors() {
    }

    /** The category of a failed call, by the exception's type (and its causes'), never its message. */
    public static String category(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutboundClient.HttpStatusException h) {
                return httpStatus(h.status());
            }
            if (t instanceof AddressPolicyException) {
                return ADDRESS_POLICY;
            }
            if (t instanceof UnknownHostException) {
                return DNS;
            }
            if (t instanceof SSLException) {
                return TLS;
            }
            if (t instanceof InterruptedIOException) {
                return TIMEOUT; // socket and connect timeouts, and requests aborted by a watchdog
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
                return REFUSED;
            }
        }
        return IO;
    }

    /** The category of a non-2xx answer. */
    public static String httpStatus(int status) {
        return "http-" + status;
    }
}
