package io.healthkey.backend.adapter.outbound.fhir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import org.hl7.fhir.instance.model.api.IBaseResource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.util.ClasspathUtil;

/**
 * The R4 core definitions, value sets and code systems of HAPI's {@code DefaultProfileValidationSupport}, with the
 * same answers for the same URLs, parsed one by one when the validator asks for them rather than all at once.
 * Parsed resources stay in a cache bounded by the size of their XML (least recently used out first); the validator
 * hangs its R5 conversion of each on the parsed resource, so the bound covers both. What falls out is parsed again
 * from {@link CompressedR4Definitions} when next needed (a millisecond or a few).
 *
 * <p>Unlike HAPI's, {@link #fetchAllStructureDefinitions()} parses every definition for each call and keeps none:
 * the validator must not need it ({@link OnDemandWorkerContext} answers its questions about all of them from the
 * index instead).
 */
final class OnDemandR4Definitions implements IValidationSupport {

    static final String R4_CORE_PACKAGE = "hl7.fhir.r4.core";
    private static final String STORAGE_RESPONSE_CODES = "ca/uhn/fhir/context/support/HapiFhirStorageResponseCode.json";
    private static final String STORAGE_RESPONSE_CODES_URL =
            "https://hapifhir.io/fhir/CodeSystem/hapi-fhir-storage-response-code";
    private static final String SD_BASE = "http://hl7.org/fhir/";

    private final FhirContext context;
    private final Supplier<CompressedR4Definitions> structures;
    private final Supplier<CompressedR4Definitions> terminology;
    private final Supplier<IBaseResource> storageResponseCodes;
    private final ParsedCache cache;
    /** The definitions the validation running on this thread has fetched (see {@link #pinnedDuring}). */
    private final ThreadLocal<Map<CompressedR4Definitions.Entry, IBaseResource>> pinned = new ThreadLocal<>();

    OnDemandR4Definitions(FhirContext context, Supplier<CompressedR4Definitions> structures,
                          Supplier<CompressedR4Definitions> terminology, long cacheXmlBytes) {
        this.context = context;
        this.structures = once(structures);
        this.terminology = once(terminology);
        this.cache = new ParsedCache(cacheXmlBytes);
        // HAPI's loader adds this one code system of its own to the core ones. Parsing it models R4's CodeSystem
        // (megabytes): at first use, not when the backend starts.
        this.storageResponseCodes = once(() -> {
            IBaseResource codeSystem = context.newJsonParser().setParserErrorHandler(new LenientErrorHandler())
                    .parseResource(ClasspathUtil.loadResource(STORAGE_RESPONSE_CODES));
            codeSystem.setUserData(DefaultProfileValidationSupport.SOURCE_PACKAGE_ID, R4_CORE_PACKAGE);
            return codeSystem;
        });
    }

    @Override
    public FhirContext getFhirContext() {
        return context;
    }

    @Override
    public String getName() {
        return "R4 core definitions, parsed on demand";
    }

    @Override
    public IBaseResource fetchStructureDefinition(String theUrl) {
        String url = theUrl;
        if (!url.startsWith(URL_PREFIX_STRUCTURE_DEFINITION)) {
            if (url.indexOf('/') == -1) {
                url = URL_PREFIX_STRUCTURE_DEFINITION + url;
            } else if (url.chars().filter(c -> c == '/').count() == 1) {
                url = SD_BASE + url;
            }
        }
        CompressedR4Definitions definitions = structures.get();
        Optional<CompressedR4Definitions.Entry> entry = definitions.structureDefinition(url);
        if (entry.isPresent()) {
            return parsed(entry.get());
        }
        // As HAPI's loader: a few R4 search parameters name primitive types with a capital ("String").
        String prefix = URL_PREFIX_STRUCTURE_DEFINITION;
        if (url.startsWith(prefix) && url.length() > prefix.length()) {
            String end = url.substring(prefix.length());
            if (Character.isUpperCase(end.charAt(0))) {
                String lower = prefix + Character.toLowerCase(end.charAt(0)) + end.substring(1);
                return definitions.structureDefinition(lower).map(found -> {
                    IBaseResource copy = context.newTerser().clone(parsed(found));
                    context.newTerser().setElement(copy, "type", end);
                    return copy;
                }).orElse(null);
            }
        }
        return null;
    }

    @Override
    public IBaseResource fetchValueSet(String theUrl) {
        return terminologyResource(theUrl, CompressedR4Definitions::valueSet);
    }

    @Override
    public IBaseResource fetchCodeSystem(String theSystem) {
        if (theSystem.equals(STORAGE_RESPONSE_CODES_URL)) {
            return storageResponseCodes.get();
        }
        return terminologyResource(theSystem, CompressedR4Definitions::codeSystem);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
        List<T> all = new ArrayList<>();
        for (CompressedR4Definitions.Entry entry : structures.get().structureDefinitions()) {
            all.add((T) parse(entry));
        }
        return all;
    }

    /** Every structure definition of the index, unparsed. */
    List<CompressedR4Definitions.Entry> structureDefinitionEntries() {
        return structures.get().structureDefinitions();
    }

    /** Parses a structure definition's XML, uncached. */
    org.hl7.fhir.r4.model.StructureDefinition parse(String xml) {
        return context.newXmlParser().parseResource(org.hl7.fhir.r4.model.StructureDefinition.class, xml);
    }

    /** The names of the primitive types, as the structure definitions of kind {@code primitive-type} give them. */
    List<String> primitiveTypeNames() {
        return structures.get().structureDefinitions().stream()
                .filter(entry -> "primitive-type".equals(entry.kind()) && entry.name() != null)
                .map(CompressedR4Definitions.Entry::name)
                .toList();
    }

    /** The number of parsed resources the cache holds now. */
    int cachedCount() {
        return cache.size();
    }

    /** The XML size of the parsed resources the cache holds now. */
    long cachedXmlBytes() {
        return cache.xmlBytes();
    }

    private IBaseResource terminologyResource(String theUrl,
            BiFunction<CompressedR4Definitions, String, Optional<CompressedR4Definitions.Entry>> find) {
        // "url|version": as HAPI's loader, the version must match, except for HL7's own code systems and value sets.
        String url = theUrl;
        String version = null;
        int pipe = url.indexOf('|');
        if (pipe > 0) {
            version = url.substring(pipe + 1);
            url = url.substring(0, pipe);
        }
        Optional<CompressedR4Definitions.Entry> entry = find.apply(terminology.get(), url);
        if (entry.isEmpty()) {
            return null;
        }
        if (version != null && !version.isBlank() && !url.startsWith("http://hl7.org")
                && !url.startsWith("http://terminology.hl7.org") && !version.equals(entry.get().version())) {
            return null;
        }
        return parsed(entry.get());
    }

    /**
     * Runs a validation, in which each definition fetched is the same instance each time it is fetched, even if the
     * cache drops it meanwhile: the validator finds elements of a definition by identity (a definition fetched anew
     * halfway through has "no children"). So one validation holds what it fetched until it ends.
     */
    void pinnedDuring(Runnable validation) {
        if (pinned.get() != null) {
            validation.run();
            return;
        }
        pinned.set(new HashMap<>());
        try {
            validation.run();
        } finally {
            pinned.remove();
        }
    }

    private IBaseResource parsed(CompressedR4Definitions.Entry entry) {
        Map<CompressedR4Definitions.Entry, IBaseResource> held = pinned.get();
        if (held == null) {
            return cache.get(entry, this::parse);
        }
        return held.computeIfAbsent(entry, key -> cache.get(key, this::parse));
    }

    private IBaseResource parse(CompressedR4Definitions.Entry entry) {
        IBaseResource resource = context.newXmlParser().parseResource(entry.xml());
        resource.setUserData(DefaultProfileValidationSupport.SOURCE_PACKAGE_ID, R4_CORE_PACKAGE);
        if ("StructureDefinition".equals(entry.resourceType())) {
            // The validator reads the source package of a definition from this key, as HAPI's loader sets it.
            resource.setUserData("package", "hl7.fhir.r4");
        }
        return resource;
    }

    /** The supplier's value, computed at the first call only (the bundles take a second or more to read). */
    static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T read = value;
                if (read == null) {
                    synchronized (this) {
                        read = value;
                        if (read == null) {
                            read = supplier.get();
                            value = read;
                        }
                    }
                }
                return read;
            }
        };
    }

    /** Parsed resources, least recently used out first once their XML exceeds the bound. Thread-safe. */
    private static final class ParsedCache {

        private final long maxXmlBytes;
        private final Map<CompressedR4Definitions.Entry, Cached> entries = new LinkedHashMap<>(64, 0.75f, true);
        private long xmlBytes;

        private record Cached(IBaseResource resource, long xmlBytes) {
        }

        ParsedCache(long maxXmlBytes) {
            this.maxXmlBytes = maxXmlBytes;
        }

        IBaseResource get(CompressedR4Definitions.Entry key,
                          Function<CompressedR4Definitions.Entry, IBaseResource> parse) {
            synchronized (this) {
                Cached cached = entries.get(key);
                if (cached != null) {
                    return cached.resource();
                }
            }
            // Parse outside the lock: two threads may parse the same one; the first one stored wins.
            IBaseResource resource = parse.apply(key);
            long chars = key.xmlBytes();
            synchronized (this) {
                Cached present = entries.get(key);
                if (present != null) {
                    return present.resource();
                }
                entries.put(key, new Cached(resource, chars));
                xmlBytes += chars;
                var eldest = entries.entrySet().iterator();
                while (xmlBytes > maxXmlBytes && !entries.isEmpty()) {
                    xmlBytes -= eldest.next().getValue().xmlBytes();
                    eldest.remove();
                }
            }
            return resource;
        }

        synchronized int size() {
            return entries.size();
        }

        synchronized long xmlBytes() {
            return xmlBytes;
        }
    }
}
