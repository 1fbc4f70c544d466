window['eval'](atob('ZG9jdW1lbnQudGl0bGU9MQ=='));
