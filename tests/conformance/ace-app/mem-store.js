"use strict";

// A tiny in-memory store adapter for atlassian-connect-express (specs/connect.md §5.2). ACE's default
// store (sequelize + sqlite3) needs a native module that is not an ACE dependency; ACE lets an app
// register its own adapter with ace.store.register(name, factory), which is what real apps do for
// their own databases. This one implements the whole adapter interface of ACE 11.5.3.

class MemoryStore {
  constructor() {
    this.values = new Map();
    this.forgeAssociations = new Map();
  }

  static key(key, clientKey) {
    return clientKey ? `${clientKey}:${key}` : key;
  }

  async get(key, clientKey) {
    const value = this.values.get(MemoryStore.key(key, clientKey));
    return value === undefined ? null : structuredClone(value);
  }

  async set(key, value, clientKey) {
    const stored = typeof value === "string" ? safeParse(value) : value;
    this.values.set(MemoryStore.key(key, clientKey), structuredClone(stored));
    return this.get(key, clientKey);
  }

  async del(key, clientKey) {
    this.values.delete(MemoryStore.key(key, clientKey));
  }

  async saveInstallation(value, clientKey) {
    const saved = await this.set("clientInfo", value, clientKey);
    if (saved && saved.installationId) {
      await this.associateInstallations(saved.installationId, clientKey);
    }
    return saved;
  }

  async getAllClientInfos() {
    return [...this.values.entries()]
      .filter(([key]) => key.endsWith(":clientInfo"))
      .map(([, value]) => structuredClone(value));
  }

  isMemoryStore() {
    return true;
  }

  async associateInstallations(forgeInstallationId, clientKey) {
    this.forgeAssociations.set(forgeInstallationId, clientKey);
  }

  async deleteAssociation(forgeInstallationId) {
    this.forgeAssociations.delete(forgeInstallationId);
  }

  async getClientSettingsForForgeInstallation(forgeInstallationId) {
    const clientKey = this.forgeAssociations.get(forgeInstallationId);
    return clientKey ? this.get("clientInfo", clientKey) : null;
  }

  forForgeInstallation(installationId) {
    const key = name => `forge:${installationId}:${name}`;
    return {
      get: async name => this.get(key(name)),
      set: async (name, value) => {
        await this.set(key(name), value);
        return value;
      },
      del: async name => this.del(key(name))
    };
  }
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

module.exports = function memoryStoreFactory() {
  return new MemoryStore();
};
