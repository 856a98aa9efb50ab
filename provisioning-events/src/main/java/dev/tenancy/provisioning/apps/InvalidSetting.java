package dev.tenancy.provisioning.apps;

/** A bad value in an app's settings: the REST layer answers 400 naming {@link #field()}. */
public final class InvalidSetting extends RuntimeException {

    private final String field;

    InvalidSetting(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
