package io.netmodel.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netmodel.api.Endpoint;
import io.netmodel.api.Sandbox;
import io.netmodel.api.net.IpAddresses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON the tool prints, built as plain maps so field names are chosen here, not by reflection. */
final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }

  static Map<String, Object> sandbox(Sandbox s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", s.name());
    m.put("Id", s.id());
    m.put("Mode", s.mode().toString());
    Map<String, Object> ns = new LinkedHashMap<>();
    ns.put("Id", s.namespace().toString());
    ns.put("Link", s.namespace().linkText());
    ns.put("Path", s.namespacePath().map(Object::toString).orElse(null));
    m.put("Namespace", ns);
    m.put("SharesNamespaceOf", s.owner().orElse(null));
    List<Object> endpoints = new ArrayList<>();
    for (Endpoint e : s.endpoints()) {
      endpoints.add(endpoint(e));
    }
    m.put("Endpoints", endpoints);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("Ports", PublishedPorts.settings(s.endpoints()));
    m.put("NetworkSettings", settings);
    m.put("Created", s.created().toString());
    return m;
  }

  static Map<String, Object> endpoint(Endpoint e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Network", e.network());
    m.put("Interface", e.interfaceName().toString());
    m.put("MacAddress", e.macAddress().toString());
    m.put("Addresses", e.addresses().stream().map(Object::toString).toList());
    m.put("Gateways", e.gateways().stream().map(IpAddresses::toString).toList());
    m.put("Ports", e.ports().stream().map(Object::toString).toList());
    m.put("Aliases", e.aliases());
    return m;
  }
}
