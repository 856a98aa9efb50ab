package dev.tenancy.orgs.net;

import java.net.UnknownHostException;

/**
 * The address policy refused a host's address. An {@link UnknownHostException} so that it can leave
 * an Apache HttpClient {@code DnsResolver}, which aborts the connection before any byte is sent.
 */
public final class AddressPolicyException extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    public AddressPolicyException(String message) {
        super(message);
    }
}
