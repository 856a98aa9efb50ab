package dev.tenancy.orgs.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one outbound address policy (webhooks, JWKS, outbound SCIM, token endpoints).
 *
 * <p>A URL is acceptable when it is an absolute {@code http}/{@code https} URL of at most
 * {@value #MAX_URL_LENGTH} characters, without user info, whose host is a DNS name or a canonical IP
 * literal (dotted-quad IPv4 or bracketed IPv6; never {@code 2130706433}, {@code 0x7f.1},
 * {@code 0177.0.0.1} or {@code 127.1}). Unless private addresses are allowed (a test and development
 * escape hatch, never for production), every address the host resolves to must be public: no
 * loopback, private, carrier-grade NAT, link-local, multicast, documentation or otherwise reserved
 * address, also not when an IPv4 address is embedded in IPv6 (mapped, compatible, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo).
 *
 * <p>{@link #resolve(String)} is what the {@link OutboundClient} connects with: the host is resolved
 * once, checked, and only the checked addresses are used, so a DNS answer that changes between the
 * check and the connection (rebinding) changes nothing.
 */
public final class AddressPolicy {

    public static final int MAX_URL_LENGTH = 2048;

    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern CANONICAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private final boolean allowPrivate;

    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowsPrivateAddresses() {
        return allowPrivate;
    }

    /**
     * Empty when the URL may be used; otherwise why not. Checks the form and, unless private
     * addresses are allowed, the addresses the host resolves to now (for early feedback when a URL is
     * saved; the connection checks again through {@link #resolve(String)}).
     */
    public Optional<String> refusal(String url) {
        Optional<String> form = formRefusal(url);
        if (form.isPresent() || allowPrivate) {
            return form;
        }
        try {
            resolve(URI.create(url).getHost());
            return Optional.empty();
        } catch (AddressPolicyException e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of("url host does not resolve");
        }
    }

    /** Empty when the URL has an acceptable form (no DNS look-up); otherwise why not. */
    public Optional<String> formRefusal(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.of("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.of("url must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            return Optional.of("url must not contain user info");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            // java.net.URI leaves the host null for forms like 2130706433, 0x7f.1 or 127.1.
            return Optional.of("url host must be a DNS name or a canonical IP address");
        }
        if (host.startsWith("[")) {
            if (host.indexOf('%') >= 0) {
                return Optional.of("url host must not carry an IPv6 zone");
            }
            return literalRefusal(host.substring(1, host.length() - 1));
        }
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            last = labels[labels.length - 2];
            if (NUMERIC_LABEL.matcher(last).matches()) {
                return Optional.of("url host must be a DNS name or a canonical IP address");
            }
        }
        if (NUMERIC_LABEL.matcher(last).matches()) {
            // Ends in a number: an IPv4 literal to every URL parser; only the canonical dotted quad is accepted.
            if (labels.length != 4) {
                return Optional.of("url host must be a DNS name or a canonical IP address");
            }
            for (String label : labels) {
                if (!CANONICAL_OCTET.matcher(label).matches() || Integer.parseInt(label) > 255) {
                    return Optional.of("url host must be a DNS name or a canonical IP address");
                }
            }
            return literalRefusal(host);
        }
        return Optional.empty();
    }

    private Optional<String> literalRefusal(String literal) {
        InetAddress address;
        try {
            // A literal: parsed, never looked up.
            address = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return Optional.of("url host must be a DNS name or a canonical IP address");
        }
        return permits(address) ? Optional.empty() : Optional.of(blockedMessage());
    }

    /**
     * Resolves the host once and returns its addresses when every one is permitted.
     *
     * @throws AddressPolicyException when one of them is not
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (host == null) {
            throw new UnknownHostException("no host");
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(h);
        for (InetAddress a : addresses) {
            if (!permits(a)) {
                throw new AddressPolicyException(blockedMessage());
            }
        }
        return addresses;
    }

    public boolean permits(InetAddress address) {
        return allowPrivate || !isBlocked(address);
    }

    private static String blockedMessage() {
        return "url resolves to a loopback, private, link-local, multicast or reserved address";
    }

    /** Whether the address is not a public unicast address (see the class comment). */
    public static boolean isBlocked(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return isBlockedV4(b, 0);
        }
        if (!(a instanceof Inet6Address) || b.length != 16) {
            return true;
        }
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        if (zero(b, 0, 10)) {
            if ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isBlockedV4(b, 12); // ::ffff:a.b.c.d, mapped
            }
            return true; // ::, ::1, IPv4-compatible ::a.b.c.d (deprecated) and the rest of ::/80
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            if (zero(b, 4, 8)) {
                return isBlockedV4(b, 12); // NAT64 well-known prefix 64:ff9b::/96
            }
            return true; // 64:ff9b:1::/48, local-use NAT64
        }
        if (w0 == 0x2002) {
            return isBlockedV4(b, 2); // 6to4
        }
        if (w0 == 0x2001 && (w1 & 0xfe00) == 0) {
            return true; // 2001::/23 IETF protocol assignments, Teredo 2001::/32 among them
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return true; // documentation
        }
        if (w0 == 0x3fff && (w1 & 0xf000) == 0) {
            return true; // 3fff::/20 documentation
        }
        if (w0 == 0x0100 && zero(b, 2, 6)) {
            return true; // 100::/64 discard-only
        }
        int first = b[0] & 0xff;
        return (first & 0xfe) == 0xfc // fc00::/7 unique local
                || (w0 & 0xffc0) == 0xfe80 // link-local
                || (w0 & 0xffc0) == 0xfec0 // site-local (deprecated)
                || first == 0xff // multicast
                || (first & 0xe0) != 0x20; // outside 2000::/3, the global unicast space
    }

    private static boolean isBlockedV4(byte[] b, int o) {
        int a0 = b[o] & 0xff;
        int a1 = b[o + 1] & 0xff;
        int a2 = b[o + 2] & 0xff;
        return a0 == 0 // this network
                || a0 == 10 // private
                || (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT
                || a0 == 127 // loopback
                || (a0 == 169 && a1 == 254) // link-local
                || (a0 == 172 && a1 >= 16 && a1 <= 31) // private
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol assignments, TEST-NET-1
                || (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast
                || (a0 == 192 && a1 == 168) // private
                || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
                || (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113) // TEST-NET-3
                || a0 >= 224; // multicast, reserved, broadcast
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
