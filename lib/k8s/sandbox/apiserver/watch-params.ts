/** Watch parameters of the sandbox's own, beside upstream's (shared with the portal's clients through pure.ts). */

/**
 * A sandbox-only watch parameter (`kubelab.omitManagedFields=true`): objects are sent without
 * metadata.managedFields. The lab bench's stream drops them from every event anyway; asking
 * for them left the watch to compute each version's deferred managedFields (a field diff per
 * write) and to serialise fields that often outweigh the object, for every pod a class
 * started. Real API servers ignore unknown parameters, so a client may send it to any server;
 * kubectl never does, and its watches are unchanged.
 */
export const OMIT_MANAGED_FIELDS_PARAM = 'kubelab.omitManagedFields';
