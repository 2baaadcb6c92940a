package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/** The one way to connect to Elasticsearch: for runs, the review API and tests alike. */
public final class ElasticsearchClients {

    private ElasticsearchClients() {
    }

    /**
     * Builds a client for the configured URL(s). Nothing is sent yet, so an unreachable cluster
     * shows on the first call (as a {@link RegistryUnavailableException}); call
     * {@link ElasticsearchConnection#clusterHealth()} to find out at once.
     */
    public static ElasticsearchConnection open(ElasticsearchOptions options) {
        HttpHost[] hosts = options.urls().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, options.requestTimeout().toMillis());
        RestClient restClient = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout(timeoutMillis)
                        .setSocketTimeout(timeoutMillis))
                .build();
        RestClientTransport transport = new RestClientTransport(restClient, new JacksonJsonpMapper(documentMapper()));
        return new ElasticsearchConnection(options, transport, new ElasticsearchClient(transport));
    }

    /** Documents are records with snake_case @JsonProperty names; dates are ISO-8601 text. */
    static JsonMapper documentMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
