package io.segexport.client.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Makes commands for picocli, handing the session to those whose constructor takes one. */
final class CommandFactory implements IFactory {
    private final Session session;
    private final IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Session session) {
        this.session = session;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withSession;
        try {
            withSession = type.getDeclaredConstructor(Session.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
        return withSession.newInstance(session);
    }
}
