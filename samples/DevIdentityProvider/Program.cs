using DevIdentityProvider;

DevIdentityProviderApp.Build(args).Run();
