/** Why someone receives a link to set a password. */
export type PasswordLinkPurpose = 'invitation' | 'reset';

/** Hours a link stays valid: an invitation waits longer than a reset, which answers a request made just now. */
export const LINK_HOURS: Readonly<Record<PasswordLinkPurpose, number>> = { invitation: 72, reset: 2 };

type Locale = 'fr' | 'en' | 'sw';

const TEXTS: Record<Locale, Record<PasswordLinkPurpose, { subject: string; body: string }>> = {
  fr: {
    invitation: {
      subject: 'Votre compte Amana',
      body: 'Bonjour {name},\n\n{by} vous a ouvert un compte Amana ({email}).\nChoisissez votre mot de passe en ouvrant ce lien, valable {hours} heures :\n\n{link}\n\nPuis connectez-vous avec votre adresse e-mail et ce mot de passe.',
    },
    reset: {
      subject: 'Réinitialiser votre mot de passe Amana',
      body: 'Bonjour {name},\n\nQuelqu’un a demandé à réinitialiser le mot de passe du compte Amana {email}.\nSi c’est vous, choisissez un nouveau mot de passe avec ce lien, valable {hours} heures :\n\n{link}\n\nSinon, ignorez ce message : votre mot de passe ne change pas.',
    },
  },
  en: {
    invitation: {
      subject: 'Your Amana account',
      body: 'Hello {name},\n\n{by} opened an Amana account for you ({email}).\nChoose your password by opening this link, valid for {hours} hours:\n\n{link}\n\nThen sign in with your e-mail address and that password.',
    },
    reset: {
      subject: 'Reset your Amana password',
      body: 'Hello {name},\n\nSomeone asked to reset the password of the Amana account {email}.\nIf it was you, choose a new password with this link, valid for {hours} hours:\n\n{link}\n\nOtherwise ignore this message: your password does not change.',
    },
  },
  sw: {
    invitation: {
      subject: 'Akaunti yako ya Amana',
      body: 'Habari {name},\n\n{by} amekufungulia akaunti ya Amana ({email}).\nChagua nenosiri lako kwa kufungua kiungo hiki, halali kwa saa {hours}:\n\n{link}\n\nKisha ingia kwa barua pepe yako na nenosiri hilo.',
    },
    reset: {
      subject: 'Weka upya nenosiri lako la Amana',
      body: 'Habari {name},\n\nMtu ameomba kuweka upya nenosiri la akaunti ya Amana {email}.\nIkiwa ni wewe, chagua nenosiri jipya kwa kiungo hiki, halali kwa saa {hours}:\n\n{link}\n\nVinginevyo puuza ujumbe huu: nenosiri lako halibadiliki.',
    },
  },
};

/** The e-mail carrying a set-password link, in the recipient's language (French when it has none of ours). */
export function passwordLinkMail(
  purpose: PasswordLinkPurpose,
  locale: string,
  values: { name: string; email: string; link: string; by?: string },
): { subject: string; text: string } {
  const texts = TEXTS[(['fr', 'en', 'sw'] as const).find((l) => l === locale) ?? 'fr'][purpose];
  const fill: Record<string, string> = {
    ...values,
    by: values.by ?? 'Amana',
    hours: String(LINK_HOURS[purpose]),
  };
  return { subject: texts.subject, text: texts.body.replace(/\{(\w+)\}/g, (_, k: string) => fill[k] ?? '') };
}
