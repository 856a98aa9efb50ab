package dev.tenancy.provisioning.capture;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One changed field, with its value before and after the change ({@code null} when absent). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Change(
        @JsonProperty("field") String field,
        @JsonProperty("old") Object oldValue,
        @JsonProperty("new") Object newValue) {
}
